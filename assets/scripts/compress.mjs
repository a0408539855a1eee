// Writes NAME.gz and NAME.br beside every compressible file of the build, so
// the host can send them as they are to a client that accepts them.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const dir = process.argv[2] ?? "dist";
const compressible = /\.(js|css|html|svg|json|txt|map)$/;

function walk(d) {
  for (const name of readdirSync(d)) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (compressible.test(name)) compress(p);
  }
}

function compress(p) {
  const raw = readFileSync(p);
  writeFileSync(`${p}.gz`, gzipSync(raw, { level: 9 }));
  writeFileSync(`${p}.br`, brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  }));
}

walk(dir);
