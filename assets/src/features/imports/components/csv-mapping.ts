// The column-mapping step as data: the file's header columns mapped onto
// the import's columns, matched by name first, and the CSV rewritten
// with the import's header before upload.  Data fields are copied as they
// are (quoting included) and records stay one for one, so the row numbers
// the host reports are the lines of the user's own file.

export const REQUIRED_COLUMNS = ["category", "activity", "quantity", "unit", "period_start", "period_end"];
export const OPTIONAL_COLUMNS = ["facility_id", "factor_set", "gwp", "method"];

/** One target per file column; "" leaves the column out. */
export type Mapping = string[];

type Rec = { fields: string[]; end: string };

/** RFC 4180 records with their fields as written and their line ending. */
export function splitRecords(text: string, limit = Infinity): Rec[] {
  const recs: Rec[] = [];
  let fields: string[] = [];
  let start = 0;
  let quoted = false;
  const n = text.length;
  for (let i = 0; i < n && recs.length < limit; i++) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c === 34) {
        if (text.charCodeAt(i + 1) === 34) i++;
        else quoted = false;
      }
    } else if (c === 34) quoted = true;
    else if (c === 44) {
      fields.push(text.slice(start, i));
      start = i + 1;
    } else if (c === 10 || c === 13) {
      fields.push(text.slice(start, i));
      const crlf = c === 13 && text.charCodeAt(i + 1) === 10;
      recs.push({ fields, end: crlf ? "\r\n" : text[i] });
      if (crlf) i++;
      fields = [];
      start = i + 1;
    }
  }
  if (recs.length < limit && start < n) {
    fields.push(text.slice(start));
    recs.push({ fields, end: "" });
  }
  return recs;
}

export function unquote(raw: string): string {
  const t = raw.trim();
  return t.startsWith('"') && t.endsWith('"') && t.length >= 2 ? t.slice(1, -1).replace(/""/g, '"') : t;
}

const stripBom = (t: string) => (t.charCodeAt(0) === 0xfeff ? t.slice(1) : t);

/** The header's column names and the first data row's values (a sample). */
export function readHeader(text: string): { columns: string[]; sample: string[] } {
  const [h, first] = splitRecords(stripBom(text), 2);
  return { columns: (h?.fields ?? []).map(unquote), sample: (first?.fields ?? []).map(unquote) };
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");

const ALIASES: Record<string, string> = {
  qty: "quantity",
  amount: "quantity",
  value: "quantity",
  units: "unit",
  uom: "unit",
  start: "period_start",
  start_date: "period_start",
  from: "period_start",
  period_from: "period_start",
  end: "period_end",
  end_date: "period_end",
  to: "period_end",
  period_to: "period_end",
  facility: "facility_id",
  facility_uuid: "facility_id",
  factor_set_id: "factor_set",
  gwp_set: "gwp",
};

/** Each file column onto the target of the same name (or a usual alias); each target once. */
export function autoMatch(columns: string[], targets: string[]): Mapping {
  const used = new Set<string>();
  return columns.map((col) => {
    const n = norm(col);
    const t = targets.find((x) => norm(x) === n) ?? (ALIASES[n] && targets.includes(ALIASES[n]) ? ALIASES[n] : undefined);
    if (!t || used.has(t)) return "";
    used.add(t);
    return t;
  });
}

/** What keeps the mapping from being uploaded: required targets unmapped, targets mapped twice. */
export function mappingProblems(m: Mapping): { missing: string[]; twice: string[] } {
  const seen = new Map<string, number>();
  for (const t of m) if (t) seen.set(t, (seen.get(t) ?? 0) + 1);
  return {
    missing: REQUIRED_COLUMNS.filter((r) => !seen.has(r)),
    twice: [...seen].filter(([, n]) => n > 1).map(([t]) => t),
  };
}

/** The CSV with the import's header and only the mapped columns. */
export function rewriteCsv(text: string, m: Mapping): string {
  const recs = splitRecords(stripBom(text));
  const keep = m.flatMap((t, i) => (t ? [i] : []));
  const out: string[] = [];
  recs.forEach((r, i) => {
    if (i === 0) out.push(keep.map((k) => m[k]).join(","));
    else if (r.fields.length === 1 && r.fields[0].trim() === "") out.push("");
    else out.push(keep.map((k) => r.fields[k] ?? "").join(","));
    out.push(r.end || (i === 0 ? "\r\n" : ""));
  });
  return out.join("");
}
