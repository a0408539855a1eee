import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

// GET /api/emissions/summary?year=Y&approach=A: the year's emissions in
// tonnes CO2e, consolidated by the approach (host/summary.c).  Without an
// approach the host uses the company's setting and names it in the answer.

export const APPROACHES = ["operational", "financial", "equity"] as const;
export type Approach = (typeof APPROACHES)[number];

/** The four columns every breakdown carries, in tonnes. */
export type ScopeColumns = {
  scope1: number;
  scope2_location: number;
  scope2_market: number;
  scope3: number;
};

export type FacilityTotals = ScopeColumns & { facility_id: string | null; name: string };
export type EntityTotals = ScopeColumns & { entity_id: string | null; name: string };

export type Intensity = { location: number; market: number; denominator: number; unit: string };

/**
 * Current emission rows of one facility and month (1..12), market-based
 * scope 2 rows not counted, whatever the approach (host/summary_lists.c).
 * facility_id and name are null for activities without a facility.
 */
export type CoverageCell = { facility_id: string | null; name: string | null; month: number; rows: number };

/** One of the year's largest sources (the host sends the top 10). */
export type Source = {
  category: string;
  scope: number;
  facility_id: string | null;
  name: string | null;
  location_t: number;
  market_t: number;
};

export type Summary = ScopeColumns & {
  year: number;
  approach: Approach;
  unit: string;
  totals: { location: number; market: number };
  biogenic_co2_t: number;
  by_category: Record<string, ScopeColumns>;
  scope3_by_category: Record<string, number>;
  /** Keyed "01".."12"; months without rows are absent. */
  by_month: Record<string, ScopeColumns>;
  by_facility: FacilityTotals[];
  by_entity: EntityTotals[];
  intensity: Record<string, Intensity>;
  factor_sets: string[];
  rows: number;
  /** Newer hosts only: absent means "not reported", not "none". */
  coverage?: CoverageCell[];
  sources?: Source[];
};

export function getSummary(year: number, approach?: Approach): Promise<Summary> {
  return api<Summary>("/api/emissions/summary", { query: { year, approach } });
}

/** The approach a URL asks for (?approach=), or undefined: the company's setting. */
export function approachOf(params: URLSearchParams): Approach | undefined {
  const raw = params.get("approach") ?? "";
  return (APPROACHES as readonly string[]).includes(raw) ? (raw as Approach) : undefined;
}

/** approach undefined: the company's own setting. */
export const summaryQueryOptions = (year: number, approach?: Approach) =>
  queryOptions({
    queryKey: ["emissions", "summary", year, approach ?? null],
    queryFn: () => getSummary(year, approach),
  });

/** While another approach or year loads, the last answer stays on screen. */
export function useSummary(year: number, approach?: Approach, enabled = true) {
  return useQuery({ ...summaryQueryOptions(year, approach), placeholderData: keepPreviousData, enabled });
}

/** The earliest year the host accepts (DESIGN.md: years 1990 to 2100). */
export const FIRST_YEAR = 1990;
