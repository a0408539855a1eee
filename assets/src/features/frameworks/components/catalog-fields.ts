import type { CatalogDisclosure } from "@/features/frameworks/api/get-catalog";
import type { ColumnDef, MetricDef } from "@/features/frameworks/api/get-dictionary";
import type { MetricInput } from "@/features/frameworks/api/post-metric-values";
import type { MetricValue } from "@/features/frameworks/api/get-metric-values";
import { checkRows, decodeRows, encodeRows, isBlankRow, rowsFromValue } from "@/features/frameworks/components/table-rows";

// A catalogue disclosure turned into the form fields of its metrics: one
// field per canonical metric (a metric named twice is asked once), typed by
// the dictionary.  What the host checks (host/api_esg.c, host/metric_table.c)
// is checked here first.  A table's field holds its rows as JSON text
// (table-rows.ts); its errors are keyed "<metric>/value[j].<column>".

export type FieldKind = "number" | "percentage" | "text" | "boolean" | "table";
/** Why the disclosure asks for the metric. */
export type FieldRole = "required" | "datapoint" | "conditional" | "related";

export type MetricField = {
  metricId: string;
  label: string;
  kind: FieldKind;
  unit?: string;
  role: FieldRole;
  /** The datapoint ids (305-1-a...) or the condition it serves. */
  note?: string;
  calculated: boolean;
  description?: string;
  /** Table metrics: the columns of a row. */
  columns?: ColumnDef[];
};

const KINDS: Record<string, FieldKind> = {
  quantity: "number",
  ratio: "number",
  percentage: "percentage",
  narrative: "text",
  boolean: "boolean",
  table: "table",
};

export const NARRATIVE_MAX = 20000;

export function disclosureFields(d: CatalogDisclosure, dict: Map<string, MetricDef>): MetricField[] {
  const out = new Map<string, MetricField>();
  const add = (id: string, role: FieldRole, note?: string) => {
    const prev = out.get(id);
    if (prev) {
      if (note && role === "datapoint" && prev.role === "datapoint") prev.note = `${prev.note}, ${note}`;
      else if (note && role === "datapoint" && !prev.note) prev.note = note;
      return;
    }
    const m = dict.get(id);
    if (!m) return; // the host refuses catalogues naming unknown metrics
    out.set(id, {
      metricId: id,
      label: m.title,
      kind: KINDS[m.type] ?? "text",
      unit: m.unit,
      role,
      note,
      calculated: m.source === "calculated",
      description: m.description,
      ...(m.type === "table" ? { columns: m.columns ?? [] } : {}),
    });
  };
  for (const id of d.metrics) add(id, "required");
  for (const it of d.items ?? []) for (const id of it.metrics) add(id, "datapoint", it.id);
  for (const c of d.conditional_metrics ?? []) add(c.metric, "conditional", c.condition);
  for (const id of d.related_metrics ?? []) add(id, "related");
  // Datapoints first named by the disclosure keep their ids as a note too.
  for (const it of d.items ?? [])
    for (const id of it.metrics) {
      const f = out.get(id);
      if (f && f.role === "required" && !f.note?.split(", ").includes(it.id)) f.note = f.note ? `${f.note}, ${it.id}` : it.id;
    }
  return [...out.values()];
}

/** A stored value as the form shows it. */
export function toText(v: MetricValue | undefined): string {
  if (!v || v.value === null || v.value === undefined) return "";
  if (Array.isArray(v.value)) return encodeRows(rowsFromValue(v.value));
  if (typeof v.value === "boolean") return v.value ? "true" : "false";
  return String(v.value);
}

/** Whether a current value comes from stored emissions (the form does not replace it). */
export function isComputed(v: MetricValue | undefined): boolean {
  return !!v && (v.source === "calculated" || v.source === "derived");
}

/** The error for what was typed, or undefined when it can be sent. */
export function checkValue(f: MetricField, raw: string): string | undefined {
  const s = raw.trim();
  if (f.kind === "table") return checkRows(f.columns ?? [], decodeRows(raw)).errors[""];
  if (!s) return "Enter a value";
  if (f.kind === "number" || f.kind === "percentage") {
    const n = Number(s);
    if (!Number.isFinite(n)) return "Enter a number";
    if (n < 0) return "Enter 0 or more";
    if (f.kind === "percentage" && n > 100) return "Enter a percentage from 0 to 100";
  }
  if (f.kind === "boolean" && s !== "true" && s !== "false") return "Choose yes or no";
  if (f.kind === "text" && new TextEncoder().encode(s).length > NARRATIVE_MAX) return `At most ${NARRATIVE_MAX} bytes`;
  return undefined;
}

/** The value to send for what was typed (checked first). */
export function toInput(f: MetricField, raw: string, year: number): MetricInput {
  const s = raw.trim();
  const value =
    f.kind === "table" ? checkRows(f.columns ?? [], decodeRows(raw)).value : f.kind === "number" || f.kind === "percentage" ? Number(s) : f.kind === "boolean" ? s === "true" : s;
  return { metric_id: f.metricId, period_start: `${year}-01-01`, period_end: `${year}-12-31`, value, ...(f.unit ? { unit: f.unit } : {}) };
}

/**
 * The values to send: every editable field whose text differs from the
 * stored value.  Returns the body and the errors found, by metric id.
 */
export function buildValues(
  fields: MetricField[],
  form: Record<string, string>,
  current: Record<string, MetricValue>,
  year: number,
): { values: MetricInput[]; errors: Record<string, string> } {
  const values: MetricInput[] = [];
  const errors: Record<string, string> = {};
  for (const f of fields) {
    if (isComputed(current[f.metricId])) continue;
    const raw = form[f.metricId];
    if (raw === undefined || raw.trim() === toText(current[f.metricId]).trim()) continue;
    if (raw.trim() === "") continue; // a stored value is never erased by clearing the box
    if (f.kind === "table") {
      const rows = decodeRows(raw);
      if (rows.every((r) => isBlankRow(f.columns ?? [], r))) continue; // nor by emptying a table
      const { errors: found } = checkRows(f.columns ?? [], rows);
      for (const [k, m] of Object.entries(found)) errors[k ? `${f.metricId}/${k}` : f.metricId] = m;
      if (!Object.keys(found).length) values.push(toInput(f, raw, year));
      continue;
    }
    const e = checkValue(f, raw);
    if (e) errors[f.metricId] = e;
    else values.push(toInput(f, raw, year));
  }
  return { values, errors };
}

/**
 * values[i].value in a refusal → the metric id of the i-th value sent;
 * values[i].value[j].<column> → "<metric id>/value[j].<column>", the cell.
 */
export function fieldOfError(field: string | undefined, sent: MetricInput[]): string | undefined {
  const m = field?.match(/^values\[(\d+)\](?:\.(value\[\d+\]\.[a-z][a-z0-9_]*)$)?/);
  const id = m ? sent[Number(m[1])]?.metric_id : undefined;
  return id && m?.[2] ? `${id}/${m[2]}` : id;
}
