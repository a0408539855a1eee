import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

// GET /api/facilities: the company's facilities, ordered by name.

export type Facility = {
  id: string;
  name: string;
  entity_id: string | null;
  country: string | null;
  grid_region: string | null;
  type: string | null;
};

export async function getFacilities(): Promise<Facility[]> {
  const r = await api<{ facilities: Facility[] }>("/api/facilities");
  return r.facilities;
}

export const facilitiesQueryOptions = () =>
  queryOptions({
    queryKey: ["facilities"],
    queryFn: getFacilities,
  });

export function useFacilities() {
  return useQuery(facilitiesQueryOptions());
}
