import type { CalcField, Calculator } from "@/features/activities/api/calculators";
import type { ActivityRecord } from "@/features/activities/api/calculate";

// The activity form as data: its values are strings keyed by record field
// (an object field's members as "instrument.type"), checked against the
// calculator's description and turned into the record the host takes.

export type FormValues = Record<string, string>;
export type FormErrors = Record<string, string>;

/** The record fields every calculator shares (DESIGN.md section 6). */
export const COMMON_FIELDS = ["activity", "quantity", "unit", "period_start", "period_end", "facility_id", "factor_set", "gwp"] as const;

export const GWP_SETS = ["AR5", "AR6"];

export function humanize(name: string): string {
  const s = name.replace(/_/g, " ").replace(/\bkg\b/g, "(kg)").replace(/\btandd\b/i, "T&D");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function memberKey(field: string, member: string): string {
  return `${field}.${member}`;
}

/** Every value key of the calculator's form (for matching server errors). */
export function fieldKeys(calc: Calculator): string[] {
  const keys: string[] = [...COMMON_FIELDS];
  for (const f of calc.fields) {
    keys.push(f.name);
    for (const m of Object.keys(f.members ?? {})) keys.push(memberKey(f.name, m));
  }
  return keys;
}

export function defaultValues(calc: Calculator, year: number): FormValues {
  return {
    activity: "",
    quantity: "",
    unit: calc.units[0] ?? "",
    period_start: `${year}-01-01`,
    period_end: `${year}-12-31`,
  };
}

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

function num(s: string): number | null {
  const t = s.trim();
  if (t === "") return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : NaN;
}

function checkField(f: CalcField, raw: string | undefined): string | undefined {
  const v = (raw ?? "").trim();
  if (v === "") return f.required ? `Enter ${humanize(f.name).toLowerCase()}` : undefined;
  if (f.enum && !f.enum.includes(v)) return `Choose one of ${f.enum.join(", ")}`;
  if (f.type === "number" || f.type === "integer") {
    const n = num(v) as number;
    if (Number.isNaN(n)) return "Enter a number";
    if (f.type === "integer" && !Number.isInteger(n)) return "Enter a whole number";
    if (f.minimum !== undefined && n < f.minimum) return `Must be at least ${f.minimum}`;
    if (f.maximum !== undefined && n > f.maximum) return `Must be at most ${f.maximum}`;
  }
  if (f.type === "boolean" && v !== "true" && v !== "false") return "Choose yes or no";
  return undefined;
}

/** What the host would refuse, found before sending. */
export function validate(calc: Calculator, v: FormValues): FormErrors {
  const e: FormErrors = {};
  const activity = (v.activity ?? "").trim();
  if (!activity) e.activity = "Choose an activity";
  else if (!calc.activity_help && !activity.includes("/") && !calc.activities.some((a) => a.id === activity))
    e.activity = "Choose one of the listed activities";
  const q = num(v.quantity ?? "");
  if (q === null) e.quantity = "Enter the quantity";
  else if (Number.isNaN(q)) e.quantity = "Enter a number";
  else if (q < 0) e.quantity = "The quantity must not be negative";
  if (!v.unit) e.unit = "Choose a unit";
  else if (!calc.units.includes(v.unit)) e.unit = `Choose one of ${calc.units.join(", ")}`;
  if (!isDate(v.period_start ?? "")) e.period_start = "Enter the start date (YYYY-MM-DD)";
  if (!isDate(v.period_end ?? "")) e.period_end = "Enter the end date (YYYY-MM-DD)";
  else if (!e.period_start && v.period_end < v.period_start) e.period_end = "The end is before the start";
  if (v.gwp && !GWP_SETS.includes(v.gwp)) e.gwp = "Choose AR5 or AR6";
  for (const f of calc.fields) {
    if (f.type === "object") {
      for (const [m, spec] of Object.entries(f.members ?? {})) {
        const mv = (v[memberKey(f.name, m)] ?? "").trim();
        if (Array.isArray(spec) && mv && !spec.includes(mv)) e[memberKey(f.name, m)] = `Choose one of ${spec.join(", ")}`;
      }
      continue;
    }
    const msg = checkField(f, v[f.name]);
    if (msg) e[f.name] = msg;
  }
  return e;
}

/** An object member's value: numbers as numbers, references stay text. */
function memberValue(member: string, spec: string[] | string, raw: string): unknown {
  if (Array.isArray(spec) || member === "id" || member.endsWith("_id")) return raw;
  const n = Number(raw);
  return raw !== "" && Number.isFinite(n) ? n : raw;
}

/** The activity record of valid values (call validate first). */
export function toRecord(calc: Calculator, v: FormValues): ActivityRecord {
  const r: ActivityRecord = {
    category: calc.category,
    activity: v.activity.trim(),
    quantity: Number(v.quantity),
    unit: v.unit,
    period_start: v.period_start,
    period_end: v.period_end,
  };
  for (const k of ["facility_id", "factor_set", "gwp"] as const) if (v[k]?.trim()) r[k] = v[k].trim();
  for (const f of calc.fields) {
    if (f.type === "object") {
      const o: Record<string, unknown> = {};
      for (const [m, spec] of Object.entries(f.members ?? {})) {
        const mv = (v[memberKey(f.name, m)] ?? "").trim();
        if (mv) o[m] = memberValue(m, spec, mv);
      }
      if (Object.keys(o).length) r[f.name] = o;
      continue;
    }
    const raw = (v[f.name] ?? "").trim();
    if (!raw) continue;
    if (f.type === "number" || f.type === "integer") r[f.name] = Number(raw);
    else if (f.type === "boolean") r[f.name] = raw === "true";
    else r[f.name] = raw;
  }
  return r;
}

/** kg CO2e of results as one figure: location-based where scope 2 has both. */
export function totalKg(results: { method: string | null; co2e_kg: number }[]): number {
  return results.filter((r) => r.method !== "market").reduce((s, r) => s + r.co2e_kg, 0);
}

/** A stored or queued record back into form values (to edit it). */
export function recordToValues(record: Record<string, unknown>): { category: string; values: FormValues } {
  const values: FormValues = {};
  for (const [k, v] of Object.entries(record)) {
    if (k === "category" || v === null || v === undefined) continue;
    if (typeof v === "object") for (const [m, mv] of Object.entries(v as Record<string, unknown>)) values[memberKey(k, m)] = String(mv);
    else values[k] = String(v);
  }
  return { category: String(record.category ?? ""), values };
}
