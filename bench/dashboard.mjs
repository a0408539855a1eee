// bench/dashboard.mjs: the two measurements of bench/dashboard (which starts
// the host and seeds the demo company; run that, not this).
//
//   node bench/dashboard.mjs sizes DIST
//       the build's sizes as JSON: the initial JavaScript (the entry chunk
//       and what index.html preloads), the first screen's JavaScript (that
//       plus the overview chunk and its static imports) and every chunk, raw,
//       gzip (level 9, as scripts/compress.mjs writes) and brotli.
//   node bench/dashboard.mjs load URL EMAIL PASSWORD LOADS SELECTOR SHOTDIR
//       LOADS cold loads of URL/ (the overview) in headless Chromium, each in
//       a new browser context (empty cache) with a fresh session; the time
//       from navigation start until SELECTOR is in the page, as JSON.
//   node bench/dashboard.mjs report SIZES.json LOAD.json|- COMMAND TARGET_KB
//       the markdown section for bench/results-dashboard.md.
//
// playwright-core comes from assets/node_modules; Chromium is
// /usr/bin/chromium (CD_CHROMIUM), with the flags of assets/e2e/lib/browser.ts.
import { readFileSync, readdirSync, existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

function die(msg) {
  console.error(`bench: FAILED: ${msg}`);
  process.exit(1);
}

// ------------------------------------------------------------------ sizes

function fileSizes(path) {
  const raw = readFileSync(path);
  const gz = existsSync(`${path}.gz`) ? readFileSync(`${path}.gz`).length : gzipSync(raw, { level: 9 }).length;
  const br = existsSync(`${path}.br`)
    ? readFileSync(`${path}.br`).length
    : brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return { raw: raw.length, gzip: gz, brotli: br };
}

// The chunks a chunk imports statically (minified: import{a as b}from"./x.js",
// import"./x.js", export{..}from"./x.js"); dynamic import("./x.js") is not one.
function staticImports(code) {
  const out = new Set();
  const re = /(?:^|[;\s})])(?:import|export)\s*(?:[^"'();]*?from\s*)?["']\.\/([\w.-]+\.js)["']/g;
  for (let m; (m = re.exec(code)); ) out.add(m[1]);
  return [...out];
}

function closure(dir, names) {
  const seen = new Set();
  const walk = (n) => {
    if (seen.has(n) || !existsSync(join(dir, n))) return;
    seen.add(n);
    for (const d of staticImports(readFileSync(join(dir, n), "utf8"))) walk(d);
  };
  names.forEach(walk);
  return seen;
}

function sizes(dist) {
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const asset = (p) => p.replace(/^\/?assets\//, "").replace(/^\//, "");
  const entry = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => asset(m[1]));
  const preload = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => asset(m[1]));
  const css = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => asset(m[1]));
  if (entry.length === 0) die(`no <script type="module" src=...> in ${dist}/index.html`);
  const dir = join(dist, "assets");
  const chunks = readdirSync(dir).filter((n) => n.endsWith(".js")).sort();
  const sz = Object.fromEntries(chunks.map((n) => [n, fileSizes(join(dir, n))]));
  // What the browser fetches before the app runs: the entry, what index.html
  // preloads and anything those import statically.
  const initial = closure(dir, [...entry, ...preload]);
  const overviewChunk = chunks.find((n) => n.startsWith("overview-page-"));
  const firstScreen = new Set([...initial, ...(overviewChunk ? closure(dir, [overviewChunk]) : [])]);
  const sum = (set) =>
    [...set].reduce((a, n) => ({ raw: a.raw + sz[n].raw, gzip: a.gzip + sz[n].gzip, brotli: a.brotli + sz[n].brotli }),
      { raw: 0, gzip: 0, brotli: 0 });
  return {
    dist,
    entry,
    preload,
    initial: { files: [...initial], ...sum(initial) },
    overview_chunk: overviewChunk ?? null,
    first_screen: { files: [...firstScreen], ...sum(firstScreen) },
    css: css.map((n) => ({ name: n, ...fileSizes(join(dir, n)) })),
    chunks: chunks.map((n) => ({ name: n, initial: initial.has(n), first_screen: firstScreen.has(n), ...sz[n] }))
      .sort((a, b) => b.gzip - a.gzip),
  };
}

// ------------------------------------------------------------------- load

async function api(base, method, path, body, token) {
  const res = await fetch(base + path, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) die(`${method} ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

// A session as lib/session.ts keeps it in localStorage ("cd.session").
async function session(base, email, password) {
  const t = await api(base, "POST", "/api/auth/login", { email, password });
  const me = await api(base, "GET", "/api/auth/me", undefined, t.access_token);
  return { accessToken: t.access_token, refreshToken: t.refresh_token, user: me.user, company: me.company };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function load(base, email, password, loads, selector, shotDir) {
  const require = createRequire(join(ROOT, "assets", "package.json"));
  const pw = await import(pathToFileURL(require.resolve("playwright-core")).href);
  const chromium = pw.chromium ?? pw.default?.chromium; // a CommonJS module
  const browser = await chromium.launch({
    executablePath: process.env.CD_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const version = browser.version();
  const timeoutMs = Number(process.env.BENCH_TIMEOUT_MS ?? 30000);
  const runs = [];
  try {
    // One load first, not counted: Chromium's own start-up (its first
    // renderer, the disk cache folder) is not the dashboard's cost.
    for (let i = 0; i <= loads; i++) {
      const s = await session(base, email, password);
      const context = await browser.newContext({ baseURL: base, viewport: { width: 1400, height: 1000 } });
      await context.addInitScript(
        ([s, sel]) => {
          if (location.pathname !== "/sign-in") localStorage.setItem("cd.session", JSON.stringify(s));
          // The moment SELECTOR first matches, in ms since navigation start.
          const check = () => {
            if (window.__benchReady === undefined && document.querySelector(sel)) window.__benchReady = performance.now();
          };
          new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
        },
        [s, selector],
      );
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto("/", { waitUntil: "commit" });
      try {
        await page.waitForFunction(() => window.__benchReady !== undefined, undefined, { timeout: timeoutMs, polling: 50 });
      } catch {
        mkdirSync(shotDir, { recursive: true });
        const shot = join(shotDir, "dashboard-not-ready.png");
        await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
        const text = (await page.locator("body").innerText().catch(() => "")).replace(/\s+/g, " ").slice(0, 300);
        die(`${selector} never appeared within ${timeoutMs / 1000} s on load ${i + 1} of ${base}/ ` +
          `(the page ended at ${page.url()}; it says: "${text}"${errors.length ? `; page errors: ${errors.join(" | ")}` : ""}); screenshot: ${shot}`);
      }
      const m = await page.evaluate(() => {
        const nav = performance.getEntriesByType("navigation")[0];
        const res = performance.getEntriesByType("resource");
        const api = res.filter((r) => new URL(r.name).pathname.startsWith("/api/"));
        const js = res.filter((r) => r.name.endsWith(".js"));
        return {
          ready_ms: window.__benchReady,
          dom_content_loaded_ms: nav ? nav.domContentLoadedEventEnd : null,
          api_calls: api.length,
          api_last_end_ms: api.length ? Math.max(...api.map((r) => r.responseEnd)) : null,
          js_files: js.length,
          transfer_bytes: res.reduce((a, r) => a + (r.transferSize || 0), nav ? nav.transferSize || 0 : 0),
        };
      });
      if (i > 0) runs.push(m);
      else {
        mkdirSync(shotDir, { recursive: true });
        await page.screenshot({ path: join(shotDir, "dashboard-overview.png"), fullPage: true });
      }
      await context.close();
      console.error(`bench: load ${i === 0 ? "warm-up" : i}: ${m.ready_ms.toFixed(0)} ms to ${selector} ` +
        `(DOMContentLoaded ${m.dom_content_loaded_ms.toFixed(0)} ms, last API answer ${m.api_last_end_ms?.toFixed(0) ?? "-"} ms)`);
    }
  } finally {
    await browser.close();
  }
  const ready = runs.map((r) => r.ready_ms);
  return {
    url: `${base}/`,
    selector,
    loads,
    median_ms: median(ready),
    worst_ms: Math.max(...ready),
    best_ms: Math.min(...ready),
    median_dom_content_loaded_ms: median(runs.map((r) => r.dom_content_loaded_ms)),
    api_calls: runs[0].api_calls,
    js_files: runs[0].js_files,
    transfer_bytes: runs[0].transfer_bytes,
    runs,
    chromium: version,
  };
}

// ----------------------------------------------------------------- report

const kB = (b) => (b / 1000).toFixed(1);

// The dated section bench/dashboard appends to bench/results-dashboard.md.
function report(sizesFile, loadFile, command, targetKb) {
  const sz = JSON.parse(readFileSync(sizesFile, "utf8"));
  const ld = loadFile === "-" ? null : JSON.parse(readFileSync(loadFile, "utf8"));
  const cpu = os.cpus();
  const when = new Date().toISOString().slice(0, 16) + "Z";
  const met = sz.initial.gzip < targetKb * 1000;
  const L = [];
  L.push("", `## ${when}, \`${command}\``, "");
  L.push(`Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? "unknown CPU"}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
    `Node ${process.version}${ld ? `, Chromium ${ld.chromium} headless` : ""}; load average ${os.loadavg()[0].toFixed(1)} ` +
    `at the end (anything else running slows the loads); build: ${sz.dist}.`);
  L.push("", "| measure | value |", "| --- | ---: |");
  L.push(`| initial JS, gzip (${sz.initial.files.length} files: entry + modulepreload) | ${kB(sz.initial.gzip)} kB (target < ${targetKb} kB: ${met ? "met" : "NOT met"}) |`);
  L.push(`| initial JS, raw / brotli | ${kB(sz.initial.raw)} kB / ${kB(sz.initial.brotli)} kB |`);
  L.push(`| first screen JS, gzip (initial + ${sz.overview_chunk ?? "no overview chunk"} and its imports, ${sz.first_screen.files.length} files) | ${kB(sz.first_screen.gzip)} kB |`);
  for (const c of sz.css) L.push(`| CSS ${c.name}, gzip | ${kB(c.gzip)} kB |`);
  if (ld) {
    L.push(`| overview fully rendered (\`${ld.selector}\` from navigation start), median of ${ld.loads} cold loads | ${ld.median_ms.toFixed(0)} ms |`);
    L.push(`| worst / best of ${ld.loads} | ${ld.worst_ms.toFixed(0)} ms / ${ld.best_ms.toFixed(0)} ms |`);
    L.push(`| DOMContentLoaded, median | ${ld.median_dom_content_loaded_ms.toFixed(0)} ms |`);
    L.push(`| per load: API calls, JS files, bytes transferred | ${ld.api_calls}, ${ld.js_files}, ${kB(ld.transfer_bytes)} kB |`);
  } else {
    L.push("| overview load | not measured (BENCH_LOADS=0) |");
  }
  L.push("", "Chunks (gzip, largest first; * initial, + first screen):", "", "| chunk | raw kB | gzip kB | brotli kB |", "| --- | ---: | ---: | ---: |");
  for (const c of sz.chunks)
    L.push(`| ${c.name}${c.initial ? " *" : c.first_screen ? " +" : ""} | ${kB(c.raw)} | ${kB(c.gzip)} | ${kB(c.brotli)} |`);
  if (ld) L.push("", `Loads (ms to ready): ${ld.runs.map((r) => r.ready_ms.toFixed(0)).join(", ")}.`);
  return L.join("\n") + "\n";
}

// ------------------------------------------------------------------- main

const [cmd, ...args] = process.argv.slice(2);
if (cmd === "sizes" && args.length === 1) {
  console.log(JSON.stringify(sizes(args[0]), null, 1));
} else if (cmd === "load" && args.length === 6) {
  const [base, email, password, loads, selector, shotDir] = args;
  console.log(JSON.stringify(await load(base.replace(/\/$/, ""), email, password, Number(loads), selector, shotDir), null, 1));
} else if (cmd === "report" && args.length === 4) {
  process.stdout.write(report(args[0], args[1], args[2], Number(args[3])));
} else {
  console.error("usage: node bench/dashboard.mjs sizes DIST | load URL EMAIL PASSWORD LOADS SELECTOR SHOTDIR | report SIZES.json LOAD.json|- COMMAND TARGET_KB");
  process.exit(2);
}
