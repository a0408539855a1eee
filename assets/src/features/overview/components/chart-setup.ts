import { ArcElement, BarController, BarElement, CategoryScale, Chart, DoughnutController, Legend, LinearScale, Tooltip, type Plugin } from "chart.js";

// Only the pieces the overview draws (doughnut and bars), so the chunk
// stays small.  Chart.defaults are left alone (other screens share them);
// each chart takes BASE_OPTIONS instead.

Chart.register(DoughnutController, ArcElement, BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

/** No animation (the numbers are there at once and "drawn" means drawn); slate-700 text, AA on white. */
export const BASE_OPTIONS = {
  responsive: true,
  maintainAspectRatio: false,
  animation: false,
  color: "#334155",
} as const;

/** A plugin telling the page that a chart has been drawn. */
export function drawnPlugin<T extends "bar" | "doughnut">(onDrawn: () => void): Plugin<T> {
  return { id: "cd-drawn", afterDraw: () => onDrawn() };
}

export const tonnesTick = (v: string | number) => `${Number(v).toLocaleString("en-GB")} t`;
