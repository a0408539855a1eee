import { useMemo } from "react";
import { Bar } from "react-chartjs-2";
import type { Summary } from "@/features/overview/api/get-summary";
import { BASE_OPTIONS, drawnPlugin, tonnesTick } from "@/features/overview/components/chart-setup";
import { topSources, type SourceRow } from "@/features/overview/components/summary-data";
import { tonnes3 } from "@/features/overview/components/format";
import { Card } from "@/components/ui/card";
import { ChartPanel } from "@/components/ui/chart-panel";
import { DataTable } from "@/components/ui/data-table";
import { fmtTonnes } from "@/lib/format";

// The ten largest sources (category at a facility), location-based.

const TICKS = { color: "#334155" };

export function TopSources({ summary, onDrawn }: { summary: Summary; onDrawn: () => void }) {
  const rows = topSources(summary.sources);
  const plugins = useMemo(() => [drawnPlugin<"bar">(onDrawn)], [onDrawn]);
  const title = `Largest sources, ${summary.year}`;
  if (!rows.length)
    return (
      <Card title="Largest sources">
        <p className="text-sm text-slate-700">{summary.sources ? "No sources for this year under this approach." : "The server does not report sources yet."}</p>
      </Card>
    );
  return (
    <ChartPanel
      title={title}
      chart={
        <Bar
          role="img"
          aria-label={`Bar chart of the largest sources: ${rows
            .slice(0, 3)
            .map((r) => `${r.label} ${fmtTonnes(r.location_t)}`)
            .join(", ")}${rows.length > 3 ? ", and more in the table" : ""}.`}
          data={{ labels: rows.map((r) => r.label), datasets: [{ label: "Tonnes CO2e (location)", data: rows.map((r) => r.location_t), backgroundColor: "#047857" }] }}
          options={{
            ...BASE_OPTIONS,
            indexAxis: "y",
            plugins: { legend: { display: false } },
            scales: { x: { beginAtZero: true, ticks: { ...TICKS, callback: tonnesTick } }, y: { ticks: TICKS } },
          }}
          plugins={plugins}
        />
      }
      table={
        <DataTable<SourceRow>
          caption={title}
          file={`top-sources-${summary.year}.csv`}
          rowKey={(r, i) => `${r.category}-${r.facility_id}-${r.scope}-${i}`}
          rows={rows}
          columns={[
            { header: "Source", cell: (r) => r.label },
            { header: "Scope", numeric: true, cell: (r) => r.scope },
            { header: "Location (t)", numeric: true, cell: (r) => fmtTonnes(r.location_t), csv: (r) => tonnes3(r.location_t) },
            { header: "Market (t)", numeric: true, cell: (r) => fmtTonnes(r.market_t), csv: (r) => tonnes3(r.market_t) },
          ]}
        />
      }
    />
  );
}
