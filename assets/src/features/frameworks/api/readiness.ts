import { useQuery } from "@tanstack/react-query";
import { statusQuery } from "@/features/frameworks/api/get-status";
import { reportQuery } from "@/features/frameworks/api/get-report";

// A framework's disclosure readiness for the year: /status, except for
// SBTi whose /status is the target validation (its disclosures are in /report).
export const readinessQuery = (id: string, year: number) => (id === "sbti" ? reportQuery(id, year) : statusQuery(id, year));

/** The query-key prefixes a saved value makes stale. */
export const READINESS_KEYS = [["framework-status"], ["framework-report"]];

export function useReadiness(id: string, year: number) {
  return useQuery(readinessQuery(id, year));
}
