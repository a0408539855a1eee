import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, ApiError } from "@/lib/api-client";

// GET /api/frameworks/csrd/materiality?year=Y: the year's double-materiality
// assessment, or null when there is none (404 not_assessed).

export type TopicAssessment = { impact: boolean; financial: boolean; rationale?: string };
export type Materiality = { year: number; topics: Record<string, TopicAssessment> };

export async function getMateriality(year: number): Promise<Materiality | null> {
  try {
    return await api<Materiality>("/api/frameworks/csrd/materiality", { query: { year } });
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

export const materialityQuery = (year: number) =>
  queryOptions({ queryKey: ["csrd-materiality", year], queryFn: () => getMateriality(year) });

export function useMateriality(year: number) {
  return useQuery(materialityQuery(year));
}
