import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

// GET /api/insights?year=Y: anomalies, hot spots and reduction levers, each
// with the sentence that explains it (docs/insights.md).

export type InsightFinding = { kind: string; severity: "warning" | "info" | string; subject: string; reason: string; data?: Record<string, unknown> };
export type HotSpot = { rank: number; category: string; facility_id: string | null; facility: string | null; tco2e: number; share_pct: number; reason: string };
export type Lever = { category: string; tco2e: number; share_pct: number; lever: string; why: string; reason: string };
export type Insights = { year: number; findings: InsightFinding[]; hot_spots: HotSpot[]; levers: Lever[] };

export const getInsights = (year: number) => api<Insights>("/api/insights", { query: { year } });

export const insightsQuery = (year: number) => queryOptions({ queryKey: ["insights", year], queryFn: () => getInsights(year) });

export function useInsights(year: number) {
  return useQuery(insightsQuery(year));
}
