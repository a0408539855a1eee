import type { TrajectoryPoint } from "@/features/targets/api/get-sbti-status";

// A target's trajectory as chart series and table rows (tonnes, 1 decimal).

const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

export function trajectorySeries(points: TrajectoryPoint[]) {
  return {
    labels: points.map((p) => String(p.year)),
    required: points.map((p) => round(p.required_t)),
    actual: points.map((p) => round(p.actual_t)),
  };
}

/** The last year with an actual value, and how far above (+) or below (−) the path it is. */
export function latestGap(points: TrajectoryPoint[]): { year: number; gap_t: number } | null {
  const last = [...points].reverse().find((p) => p.actual_t !== null);
  return last ? { year: last.year, gap_t: (last.actual_t as number) - last.required_t } : null;
}
