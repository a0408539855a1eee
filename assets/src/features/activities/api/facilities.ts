import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

// GET /api/facilities: for the form's facility choice and the list's
// filter and names.

export type Facility = { id: string; name: string; country: string | null };

export async function fetchFacilities(): Promise<Facility[]> {
  const r = await api<{ facilities: Facility[] }>("/api/facilities");
  return r.facilities;
}

export const facilitiesQuery = () => queryOptions({ queryKey: ["activities", "facilities"], queryFn: fetchFacilities });

export function useFacilities() {
  return useQuery(facilitiesQuery());
}
