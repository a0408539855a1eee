import { useMemo } from "react";
import { Bar } from "react-chartjs-2";
import type { Summary } from "@/features/overview/api/get-summary";
import { BASE_OPTIONS, drawnPlugin, tonnesTick } from "@/features/overview/components/chart-setup";
import { CHART_SCOPES, monthlyRows, type MonthRow } from "@/features/overview/components/summary-data";
import { tonnes3 } from "@/features/overview/components/format";
import { ChartPanel } from "@/components/ui/chart-panel";
import { DataTable } from "@/components/ui/data-table";
import { fmtTonnes } from "@/lib/format";

// Twelve months stacked by scope (by the month each activity starts in).

const TICKS = { color: "#334155" };

export function MonthlyTrend({ summary, onDrawn }: { summary: Summary; onDrawn: () => void }) {
  const rows = monthlyRows(summary);
  const plugins = useMemo(() => [drawnPlugin<"bar">(onDrawn)], [onDrawn]);
  const title = `Monthly emissions by scope, ${summary.year}`;
  const busiest = rows.reduce((a, b) => (b.scope1 + b.scope2_location + b.scope3 > a.scope1 + a.scope2_location + a.scope3 ? b : a), rows[0]);
  return (
    <ChartPanel
      title={title}
      chart={
        <Bar
          role="img"
          aria-label={`Stacked bar chart of the twelve months by scope; the largest month is ${busiest.label} with ${fmtTonnes(busiest.scope1 + busiest.scope2_location + busiest.scope3)}. Show the table for every value.`}
          data={{
            labels: rows.map((r) => r.label),
            datasets: CHART_SCOPES.map((c) => ({ label: c.label, data: rows.map((r) => r[c.key]), backgroundColor: c.color, stack: "scopes" })),
          }}
          options={{
            ...BASE_OPTIONS,
            plugins: { legend: { position: "bottom" } },
            scales: { x: { stacked: true, ticks: TICKS }, y: { stacked: true, beginAtZero: true, ticks: { ...TICKS, callback: tonnesTick } } },
          }}
          plugins={plugins}
        />
      }
      table={
        <DataTable<MonthRow>
          caption={title}
          file={`monthly-emissions-${summary.year}.csv`}
          rowKey={(r) => String(r.month)}
          rows={rows}
          columns={[
            { header: "Month", cell: (r) => r.label, csv: (r) => `${summary.year}-${String(r.month).padStart(2, "0")}` },
            { header: "Scope 1 (t)", numeric: true, cell: (r) => fmtTonnes(r.scope1), csv: (r) => tonnes3(r.scope1) },
            { header: "Scope 2 location (t)", numeric: true, cell: (r) => fmtTonnes(r.scope2_location), csv: (r) => tonnes3(r.scope2_location) },
            { header: "Scope 2 market (t)", numeric: true, cell: (r) => fmtTonnes(r.scope2_market), csv: (r) => tonnes3(r.scope2_market) },
            { header: "Scope 3 (t)", numeric: true, cell: (r) => fmtTonnes(r.scope3), csv: (r) => tonnes3(r.scope3) },
          ]}
        />
      }
    />
  );
}
