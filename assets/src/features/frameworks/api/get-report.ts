import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { FrameworkStatus } from "@/features/frameworks/api/get-status";

// GET /api/frameworks/{id}/report?year=Y&format=json: the disclosure status
// as a report.  SBTi's /status validates targets instead, so its
// disclosure readiness is read from here (the same shape as /status).

export const getReport = (id: string, year: number) =>
  api<FrameworkStatus>(`/api/frameworks/${encodeURIComponent(id)}/report`, { query: { year, format: "json" } });

export const reportQuery = (id: string, year: number) =>
  queryOptions({ queryKey: ["framework-report", id, year], queryFn: () => getReport(id, year) });

export function useReport(id: string, year: number) {
  return useQuery(reportQuery(id, year));
}
