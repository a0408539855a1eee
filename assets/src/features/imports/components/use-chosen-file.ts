import { useState } from "react";
import { autoMatch, readHeader, type Mapping } from "@/features/imports/components/csv-mapping";

// The chosen file: its text, header and sample row, and the Idempotency-Key
// of its upload (one per chosen file, so a retried upload is stored once).
// The mapping follows the automatic match until the user changes it.

export type Chosen = { name: string; text: string; columns: string[]; sample: string[]; key: string };

function uuid(): string {
  const c = globalThis.crypto;
  if (c?.randomUUID) return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

async function readText(f: File): Promise<string> {
  if (typeof f.text === "function") return f.text();
  return new Promise((ok, fail) => {
    const r = new FileReader();
    r.onload = () => ok(String(r.result));
    r.onerror = () => fail(r.error);
    r.readAsText(f);
  });
}

export function useChosenFile(targets: string[]) {
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [edited, setEdited] = useState<Mapping | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const choose = async (f: File) => {
    setProblem(null);
    setEdited(null);
    const text = await readText(f);
    const { columns } = readHeader(text);
    if (!columns.length || (columns.length === 1 && !columns[0])) {
      setChosen(null);
      setProblem(`${f.name} has no header line`);
      return;
    }
    setChosen({ name: f.name, text, ...readHeader(text), key: uuid() });
  };
  const mapping = edited ?? (chosen ? autoMatch(chosen.columns, targets) : []);
  const clear = () => {
    setChosen(null);
    setEdited(null);
  };
  return { chosen, mapping, setMapping: setEdited, choose, clear, problem };
}
