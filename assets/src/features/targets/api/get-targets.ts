import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

// GET /api/targets: the company's reduction targets, oldest first.

export const SCOPE_SETS = ["1+2", "3", "1+2+3"] as const;
export const KINDS = ["near_term", "long_term", "net_zero"] as const;
export const AMBITIONS = ["1.5C", "well-below-2C"] as const;

export type Target = {
  id: string;
  name: string;
  scopes: (typeof SCOPE_SETS)[number];
  kind: (typeof KINDS)[number];
  ambition?: (typeof AMBITIONS)[number] | null;
  base_year: number;
  target_year: number;
  reduction_pct: number;
  coverage_pct: number;
  base_emissions_t: number | null;
};

export const getTargets = () => api<Target[]>("/api/targets");

/** Every targets query starts with ["targets"]: a write refreshes the list and the SBTi check. */
export const targetsQuery = () => queryOptions({ queryKey: ["targets", "list"], queryFn: getTargets });

export function useTargets() {
  return useQuery(targetsQuery());
}
