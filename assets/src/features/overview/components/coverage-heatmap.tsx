import type { Facility } from "@/features/overview/api/get-facilities";
import type { Summary } from "@/features/overview/api/get-summary";
import { heatRows, level, LEVEL_STYLE, levelRanges, maxCell, type HeatRow } from "@/features/overview/components/heatmap-cells";
import { MONTHS } from "@/features/overview/components/summary-data";
import { Card } from "@/components/ui/card";
import { ChartPanel } from "@/components/ui/chart-panel";
import { DataTable } from "@/components/ui/data-table";

// Data completeness: emission rows per facility and month.  The grid is a
// real table (row and column headers, the count as text), shaded by how
// full each month is compared with the busiest cell.

const FULL_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function Grid({ rows, year }: { rows: HeatRow[]; year: number }) {
  const max = maxCell(rows);
  return (
    <div className="flex h-full flex-col">
      <div tabIndex={0} role="region" aria-label={`Completeness grid, ${year}`} className="min-h-0 flex-1 overflow-auto focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-700">
        <table className="w-full border-separate border-spacing-0.5 text-xs">
          <caption className="sr-only">Emission rows per facility and month, {year}; a dash is a month without data</caption>
          <thead>
            <tr>
              <th scope="col" className="px-1 text-left font-semibold text-slate-700">
                Facility
              </th>
              {MONTHS.map((m, i) => (
                <th key={m} scope="col" className="px-1 font-semibold text-slate-700">
                  <abbr title={FULL_MONTHS[i]} className="no-underline">
                    {m}
                  </abbr>
                </th>
              ))}
              <th scope="col" className="px-1 font-semibold text-slate-700">
                Months
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.facilityId ?? "none"}>
                <th scope="row" className="max-w-[10rem] truncate px-1 text-left font-medium text-slate-900" title={r.name}>
                  {r.name}
                </th>
                {r.cells.map((n, i) => {
                  const lv = level(n, max);
                  return (
                    <td key={i} data-level={lv} className={`min-w-[2rem] rounded px-1 py-1 text-center tabular-nums ${LEVEL_STYLE[lv]}`}>
                      {n > 0 ? n : <span aria-hidden="true">–</span>}
                      {n === 0 && <span className="sr-only">no data</span>}
                    </td>
                  );
                })}
                <td className="px-1 text-center tabular-nums text-slate-900">{r.monthsWithData}/12</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul aria-label="Legend: emission rows per month" className="mt-2 flex flex-wrap gap-3 text-xs text-slate-700">
        {levelRanges(max).map((r) => (
          <li key={r.level} className="flex items-center gap-1">
            <span aria-hidden="true" className={`inline-block h-3 w-4 rounded border border-slate-400 ${LEVEL_STYLE[r.level]}`} />
            {r.label}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function CoverageHeatmap({ summary, facilities }: { summary: Summary; facilities: Facility[] }) {
  const title = `Data completeness, ${summary.year}`;
  if (!summary.coverage)
    return (
      <Card title="Data completeness">
        <p className="text-sm text-slate-700">The server does not report data completeness yet.</p>
      </Card>
    );
  const rows = heatRows(summary.coverage, facilities);
  if (!rows.length)
    return (
      <Card title="Data completeness">
        <p className="text-sm text-slate-700">No facilities and no emission rows for {summary.year}.</p>
      </Card>
    );
  return (
    <ChartPanel
      title={title}
      chart={<Grid rows={rows} year={summary.year} />}
      table={
        <DataTable<HeatRow>
          caption={`Emission rows per facility and month, ${summary.year}`}
          file={`data-completeness-${summary.year}.csv`}
          rowKey={(r) => r.facilityId ?? "none"}
          rows={rows}
          columns={[
            { header: "Facility", cell: (r) => r.name },
            ...MONTHS.map((m, i) => ({ header: m, numeric: true, cell: (r: HeatRow) => r.cells[i] })),
            { header: "Months with data", numeric: true, cell: (r) => r.monthsWithData },
          ]}
        />
      }
    />
  );
}
