import type { ColumnDef } from "@/features/frameworks/api/get-dictionary";
import { columnTitle } from "@/features/frameworks/components/table-input";
import { rowsFromValue } from "@/features/frameworks/components/table-rows";

// A stored table value, read only: its rows under the metric's columns.
export function TableView({ label, columns, value }: { label: string; columns: ColumnDef[]; value: unknown }) {
  const rows = rowsFromValue(value);
  const show = (c: ColumnDef, v: string | undefined) => (v === undefined ? "" : c.type === "boolean" ? (v === "true" ? "Yes" : "No") : v);
  return (
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={`Rows of ${label}`}>
      <table className="min-w-full border-collapse text-sm">
        <caption className="sr-only">Rows of {label}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.id} scope="col" className="px-1 text-left text-xs font-semibold text-slate-800">
                {columnTitle(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, j) => (
            <tr key={j}>
              {columns.map((c) => (
                <td key={c.id} className="px-1 text-slate-700">
                  {show(c, r[c.id])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
