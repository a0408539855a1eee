import { CategoryScale, Chart as ChartJS, Legend, LinearScale, LineElement, PointElement, Tooltip } from "chart.js";
import { Line } from "react-chartjs-2";
import { ChartPanel } from "@/components/ui/chart-panel";
import { DataTable } from "@/components/ui/data-table";
import type { TrajectoryPoint } from "@/features/targets/api/get-sbti-status";
import { trajectorySeries } from "@/features/targets/components/trajectory";

ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, Tooltip, Legend);

const t = (v: number | null) => (v === null ? "—" : v.toLocaleString("en-GB", { maximumFractionDigits: 1 }));

export function TrajectoryChart({ name, points }: { name: string; points: TrajectoryPoint[] }) {
  const s = trajectorySeries(points);
  const title = `${name}: required and actual emissions`;
  const data = {
    labels: s.labels,
    datasets: [
      { label: "Required (tCO2e)", data: s.required, borderColor: "#334155", backgroundColor: "#334155", borderDash: [6, 4], pointRadius: 2 },
      { label: "Actual (tCO2e)", data: s.actual, borderColor: "#047857", backgroundColor: "#047857", spanGaps: true, pointRadius: 4 },
    ],
  };
  const options = { responsive: true, maintainAspectRatio: false, animation: false as const, scales: { y: { beginAtZero: true, title: { display: true, text: "tCO2e" } } } };
  return (
    <ChartPanel
      title={title}
      chart={<Line role="img" aria-label={`${title}, ${s.labels[0]} to ${s.labels.at(-1)}. Show the table for the values.`} data={data} options={options} />}
      table={
        <DataTable
          caption={title}
          file={`${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-trajectory.csv`}
          rowKey={(p) => String(p.year)}
          rows={points}
          columns={[
            { header: "Year", cell: (p) => p.year },
            { header: "Required tCO2e", numeric: true, cell: (p) => t(p.required_t), csv: (p) => p.required_t },
            { header: "Actual tCO2e", numeric: true, cell: (p) => t(p.actual_t), csv: (p) => p.actual_t },
          ]}
        />
      }
    />
  );
}
