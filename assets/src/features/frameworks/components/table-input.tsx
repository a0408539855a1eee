import { useId } from "react";
import { Button } from "@/components/ui/button";
import type { ColumnDef } from "@/features/frameworks/api/get-dictionary";
import type { MetricField } from "@/features/frameworks/components/catalog-fields";
import { fieldHint } from "@/features/frameworks/components/metric-input";
import { ROWS_MAX, cellKey, decodeRows, emptyRow, encodeRows, type TableRow } from "@/features/frameworks/components/table-rows";

// A table metric's rows: one input per column (text, number, checkbox),
// rows added and removed, required columns marked.  value is the rows as
// JSON text (the form's field); errors are keyed by cellKey(), "" for the
// table as a whole, from the checks before sending or from the server.

type Props = { field: MetricField; value: string; onChange: (v: string) => void; errors: Record<string, string> };

const control =
  "block w-full min-w-[6rem] rounded border border-slate-500 bg-white px-2 py-1 text-sm focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-700 aria-[invalid=true]:border-red-700";

export const columnTitle = (c: ColumnDef) => (c.unit ? `${c.title} (${c.unit})` : c.title);

export function TableInput({ field: f, value, onChange, errors }: Props) {
  const id = useId();
  const columns = f.columns ?? [];
  const rows = decodeRows(value);
  const set = (next: TableRow[]) => onChange(encodeRows(next));
  const edit = (j: number, column: string, v: string) => set(rows.map((r, k) => (k === j ? { ...r, [column]: v } : r)));
  const tableError = errors[""];

  return (
    <fieldset className="min-w-0 text-sm" aria-describedby={tableError ? `${id}-error` : `${id}-hint`}>
      <legend className="font-medium text-slate-800">{f.label}</legend>
      <p id={`${id}-hint`} className="text-xs text-slate-600">
        {fieldHint(f)} · <span aria-hidden="true">*</span> required column
      </p>
      {tableError && (
        <p id={`${id}-error`} role="alert" className="mt-1 text-xs font-medium text-red-700">
          {tableError}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="mt-1 text-slate-700">No rows yet.</p>
      ) : (
        <div className="mt-1 overflow-x-auto">
          <table className="min-w-full border-collapse">
            <caption className="sr-only">Rows of {f.label}</caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.id} scope="col" className="px-1 py-1 text-left text-xs font-semibold text-slate-800">
                    {c.required ? `${columnTitle(c)} ` : columnTitle(c)}
                    {c.required && (
                      <>
                        <span aria-hidden="true">*</span>
                        <span className="sr-only">(required)</span>
                      </>
                    )}
                  </th>
                ))}
                <th scope="col" className="px-1 py-1">
                  <span className="sr-only">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, j) => (
                <tr key={j} className="align-top">
                  {columns.map((c) => {
                    const err = errors[cellKey(j, c.id)];
                    const cell = `${id}-${j}-${c.id}`;
                    const common = {
                      id: cell,
                      "aria-label": `${columnTitle(c)}, row ${j + 1}`,
                      "aria-invalid": !!err,
                      "aria-required": c.required,
                      "aria-describedby": err ? `${cell}-error` : undefined,
                    };
                    return (
                      <td key={c.id} className="px-1 py-1">
                        {c.type === "boolean" ? (
                          <input type="checkbox" className="h-4 w-4 accent-emerald-700" checked={r[c.id] === "true"} onChange={(e) => edit(j, c.id, e.target.checked ? "true" : "false")} {...common} />
                        ) : (
                          <input type="text" inputMode={c.type === "number" ? (c.integer ? "numeric" : "decimal") : undefined} className={control} value={r[c.id] ?? ""} onChange={(e) => edit(j, c.id, e.target.value)} {...common} />
                        )}
                        {err && (
                          <p id={`${cell}-error`} role="alert" className="mt-1 text-xs font-medium text-red-700">
                            {err}
                          </p>
                        )}
                      </td>
                    );
                  })}
                  <td className="px-1 py-1">
                    <Button variant="secondary" aria-label={`Remove row ${j + 1} of ${f.label}`} onClick={() => set(rows.filter((_, k) => k !== j))}>
                      Remove
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Button variant="secondary" className="mt-2" disabled={rows.length >= ROWS_MAX} aria-label={`Add row to ${f.label}`} onClick={() => set([...rows, emptyRow(columns)])}>
        Add row
      </Button>
    </fieldset>
  );
}
