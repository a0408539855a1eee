import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { Gases } from "@/features/activities/api/calculate";

// GET /api/activities?year=&category=&facility_id=&limit=&offset=: one
// page of stored activities with their current emissions and provenance.

export type StoredEmission = {
  scope: number;
  method: "location" | "market" | null;
  scope3_category: number | null;
  co2e_kg: number;
  gases: Gases;
  factor: { set: string; id: string; value: number; unit: string; source?: string; gwp?: string };
  calculator: { name: string; version: string };
  gwp: string;
  tier: string;
};

export type Activity = {
  id: string;
  category: string;
  activity: string;
  quantity: number;
  unit: string;
  period_start: string;
  period_end: string;
  facility_id: string | null;
  job_id?: string | null;
  row_no?: number | null;
  emissions: StoredEmission[];
};

export type ActivityPage = { total: number; activities: Activity[] };

export type ActivityFilters = { year: number; category?: string; facility_id?: string; limit: number; offset: number };

export function fetchActivities(f: ActivityFilters): Promise<ActivityPage> {
  return api<ActivityPage>("/api/activities", { query: f });
}

export const activitiesQuery = (f: ActivityFilters) =>
  queryOptions({
    queryKey: ["activities", "list", f.year, f.category ?? null, f.facility_id ?? null, f.limit, f.offset],
    queryFn: () => fetchActivities(f),
  });

/** The page stays on screen while the next one loads. */
export function useActivities(f: ActivityFilters) {
  return useQuery({ ...activitiesQuery(f), placeholderData: keepPreviousData });
}
