import { useMemo } from "react";
import { Doughnut } from "react-chartjs-2";
import type { Summary } from "@/features/overview/api/get-summary";
import { BASE_OPTIONS, drawnPlugin } from "@/features/overview/components/chart-setup";
import { scopeSlices, type Slice } from "@/features/overview/components/summary-data";
import { tonnes3 } from "@/features/overview/components/format";
import { ChartPanel } from "@/components/ui/chart-panel";
import { DataTable } from "@/components/ui/data-table";
import { fmtPct, fmtTonnes } from "@/lib/format";

// The year's total split by scope (scope 2 location-based, so the slices
// add up to the location-based total).

export function ScopeDonut({ summary, onDrawn }: { summary: Summary; onDrawn: () => void }) {
  const slices = scopeSlices(summary);
  const total = slices.reduce((t, s) => t + s.value, 0);
  const plugins = useMemo(() => [drawnPlugin<"doughnut">(onDrawn)], [onDrawn]);
  const described = slices.map((s) => `${s.label} ${fmtTonnes(s.value)}`).join(", ");
  const title = `Emissions by scope, ${summary.year}`;
  return (
    <ChartPanel
      title={title}
      chart={
        <Doughnut
          role="img"
          aria-label={`Doughnut chart: ${described}`}
          data={{
            labels: slices.map((s) => s.label),
            datasets: [{ data: slices.map((s) => s.value), backgroundColor: slices.map((s) => s.color), borderColor: "#ffffff", borderWidth: 2 }],
          }}
          options={{ ...BASE_OPTIONS, cutout: "60%", plugins: { legend: { position: "bottom" } } }}
          plugins={plugins}
        />
      }
      table={
        <DataTable<Slice>
          caption={title}
          file={`emissions-by-scope-${summary.year}.csv`}
          rowKey={(s) => s.key}
          rows={slices}
          columns={[
            { header: "Scope", cell: (s) => s.label },
            { header: "Tonnes CO2e", numeric: true, cell: (s) => fmtTonnes(s.value), csv: (s) => tonnes3(s.value) },
            { header: "Share", numeric: true, cell: (s) => (total > 0 ? fmtPct(s.value / total) : "—"), csv: (s) => (total > 0 ? Math.round((s.value / total) * 1000) / 10 : "") },
          ]}
        />
      }
    />
  );
}
