import type { ColumnDef } from "@/features/frameworks/api/get-dictionary";

// A table metric's rows as the form holds them: one string per cell (a
// number as typed, a checkbox as "true"/"false"), kept in the form as JSON
// text so a table drafts like any other field.  checkRows() checks what
// host/metric_table.c checks and builds the rows to send.

export type TableRow = Record<string, string>;
export type RowValue = Record<string, string | number | boolean>;

export const ROWS_MAX = 200;
export const CELL_TEXT_MAX = 2000;
export const TABLE_JSON_MAX = 64 * 1024;

/** The key of a cell's error, as the host names it under values[i]. */
export const cellKey = (row: number, column: string) => `value[${row}].${column}`;

export function emptyRow(columns: ColumnDef[]): TableRow {
  return Object.fromEntries(columns.map((c) => [c.id, c.type === "boolean" ? "false" : ""]));
}

/** A stored table value as rows of cell text. */
export function rowsFromValue(value: unknown): TableRow[] {
  if (!Array.isArray(value)) return [];
  return value.map((row) =>
    Object.fromEntries(Object.entries((row ?? {}) as Record<string, unknown>).map(([k, v]) => [k, typeof v === "boolean" ? (v ? "true" : "false") : String(v)])),
  );
}

export const encodeRows = (rows: TableRow[]) => (rows.length ? JSON.stringify(rows) : "");

export function decodeRows(text: string): TableRow[] {
  if (!text.trim()) return [];
  try {
    const v = JSON.parse(text);
    return Array.isArray(v) ? (v as TableRow[]) : [];
  } catch {
    return [];
  }
}

/** A row nothing was typed in: no text or number, every box unticked. */
export function isBlankRow(columns: ColumnDef[], row: TableRow): boolean {
  return columns.every((c) => (c.type === "boolean" ? (row[c.id] ?? "false") === "false" : !(row[c.id] ?? "").trim()));
}

function cellError(c: ColumnDef, raw: string): string | undefined {
  const s = raw.trim();
  if (c.type === "boolean") return undefined;
  if (!s) return c.required ? "Required" : undefined;
  if (c.type === "text") return new TextEncoder().encode(s).length > CELL_TEXT_MAX ? `At most ${CELL_TEXT_MAX} bytes` : undefined;
  const n = Number(s);
  if (!Number.isFinite(n)) return "Enter a number";
  const lo = c.min ?? 0;
  const what = c.integer ? "a whole number" : "a number";
  if (n < lo || (c.max !== undefined && n > c.max) || (c.integer && !Number.isInteger(n)))
    return c.max !== undefined ? `Enter ${what} from ${lo} to ${c.max}` : c.integer ? `Enter ${what}, ${lo} or more` : `Enter ${lo} or more`;
  return undefined;
}

/**
 * The rows to send, or the errors found: by cellKey(), and "" for the
 * table as a whole.  Blank cells are left out of their row.
 */
export function checkRows(columns: ColumnDef[], rows: TableRow[]): { value: RowValue[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const value = rows.map((row, j) => {
    const out: RowValue = {};
    for (const c of columns) {
      const raw = row[c.id] ?? (c.type === "boolean" ? "false" : "");
      const e = cellError(c, raw);
      if (e) errors[cellKey(j, c.id)] = e;
      else if (c.type === "boolean") out[c.id] = raw === "true";
      else if (raw.trim()) out[c.id] = c.type === "number" ? Number(raw.trim()) : raw.trim();
    }
    return out;
  });
  if (!rows.length) errors[""] = "Add at least one row";
  else if (rows.length > ROWS_MAX) errors[""] = `At most ${ROWS_MAX} rows`;
  else if (!Object.keys(errors).length && new TextEncoder().encode(JSON.stringify(value)).length > TABLE_JSON_MAX) errors[""] = "At most 64 KiB in all: shorten the text";
  return { value, errors };
}
