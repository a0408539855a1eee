import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

// GET /api/frameworks/sbti/status?year=Y: every target checked against the
// SBTi criteria of the edition in force, with its trajectory.

export type Finding = { criterion: string; passed: boolean; message: string };
export type TrajectoryPoint = { year: number; required_t: number; actual_t: number | null };

export type TargetCheck = {
  id: string;
  name: string;
  scopes: string;
  kind: string;
  valid: boolean;
  findings: Finding[];
  trajectory: TrajectoryPoint[];
  /** null until a year after the base year has emissions. */
  on_track: boolean | null;
};

export type SbtiStatus = { framework: "sbti"; edition: string; year: number; targets: TargetCheck[]; company_findings: Finding[] };

export const getSbtiStatus = (year: number) => api<SbtiStatus>("/api/frameworks/sbti/status", { query: { year } });

export const sbtiStatusQuery = (year: number) => queryOptions({ queryKey: ["targets", "sbti-status", year], queryFn: () => getSbtiStatus(year) });

export function useSbtiStatus(year: number) {
  return useQuery(sbtiStatusQuery(year));
}
