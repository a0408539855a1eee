import type { Facility } from "@/features/overview/api/get-facilities";
import type { CoverageCell } from "@/features/overview/api/get-summary";
import { NO_FACILITY } from "@/features/overview/components/summary-data";

// The data-completeness grid: one row per facility, twelve months, the
// number of emission rows stored in each, and a shade for how full it is.

export type HeatRow = { facilityId: string | null; name: string; cells: number[]; monthsWithData: number };

export function heatRows(coverage: CoverageCell[], facilities: Facility[]): HeatRow[] {
  const rows = new Map<string | null, HeatRow>();
  const row = (id: string | null, name: string) => {
    let r = rows.get(id);
    if (!r) rows.set(id, (r = { facilityId: id, name, cells: Array(12).fill(0), monthsWithData: 0 }));
    return r;
  };
  for (const f of facilities) row(f.id, f.name);
  for (const c of coverage) {
    if (!Number.isInteger(c.month) || c.month < 1 || c.month > 12) continue;
    const id = c.facility_id ?? null;
    row(id, id ? (c.name ?? id) : NO_FACILITY).cells[c.month - 1] += c.rows;
  }
  const out = [...rows.values()];
  for (const r of out) r.monthsWithData = r.cells.filter((n) => n > 0).length;
  // Facilities first by name, the unassigned rows last.
  return out.sort((a, b) => (a.facilityId === null ? 1 : 0) - (b.facilityId === null ? 1 : 0) || a.name.localeCompare(b.name));
}

export type Level = 0 | 1 | 2 | 3;

/** 0: no rows; 1..3: up to a third, two thirds, or more of the busiest cell. */
export function level(n: number, max: number): Level {
  if (n <= 0 || max <= 0) return 0;
  return 3 * n <= max ? 1 : 3 * n <= 2 * max ? 2 : 3;
}

export function maxCell(rows: HeatRow[]): number {
  return rows.reduce((m, r) => Math.max(m, ...r.cells), 0);
}

export type LegendItem = { level: Level; from: number; to: number; label: string };

/** The counts each level stands for, for the legend; empty levels left out. */
export function levelRanges(max: number): LegendItem[] {
  const tops: [Level, number][] = [
    [1, Math.floor(max / 3)],
    [2, Math.floor((2 * max) / 3)],
    [3, max],
  ];
  const out: LegendItem[] = [{ level: 0, from: 0, to: 0, label: "no data" }];
  let from = 1;
  for (const [lv, to] of tops) {
    if (to >= from) out.push({ level: lv, from, to, label: from === to ? `${from} ${from === 1 ? "row" : "rows"}` : `${from}\u2013${to} rows` });
    from = Math.max(from, to + 1);
  }
  return out;
}

/** Background and text of each level; every pair passes WCAG AA for text. */
export const LEVEL_STYLE: Record<Level, string> = {
  0: "bg-slate-100 text-slate-700",
  1: "bg-emerald-100 text-emerald-950",
  2: "bg-emerald-300 text-emerald-950",
  3: "bg-emerald-800 text-white",
};
