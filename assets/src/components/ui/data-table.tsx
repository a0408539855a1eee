import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { download, toCsv, type Cell } from "@/lib/csv";

// A plain table with a CSV download of exactly the rows it shows.

export type Column<T> = { header: string; cell: (row: T) => ReactNode; csv?: (row: T) => Cell; numeric?: boolean };

export function DataTable<T>({ caption, columns, rows, file, rowKey }: { caption: string; columns: Column<T>[]; rows: T[]; file?: string; rowKey: (row: T, i: number) => string }) {
  const csv = () =>
    download(
      file ?? `${caption.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.csv`,
      toCsv(columns.map((c) => c.header), rows.map((r) => columns.map((c) => (c.csv ? c.csv(r) : (c.cell(r) as Cell))))),
    );
  return (
    <div>
      <div className="overflow-x-auto">
        <table className="min-w-full text-left text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="border-b border-slate-300 text-slate-700">
            <tr>
              {columns.map((c) => (
                <th key={c.header} scope="col" className={`px-2 py-1 font-semibold ${c.numeric ? "text-right" : ""}`}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={rowKey(r, i)} className="border-b border-slate-200">
                {columns.map((c) => (
                  <td key={c.header} className={`px-2 py-1 ${c.numeric ? "text-right tabular-nums" : ""}`}>
                    {c.cell(r)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {file !== "" && (
        <Button variant="secondary" className="mt-2" aria-label={`Download CSV of ${caption}`} onClick={csv}>
          Download CSV
        </Button>
      )}
    </div>
  );
}
