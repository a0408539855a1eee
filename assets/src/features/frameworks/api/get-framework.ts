import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

// GET /api/frameworks/{id}: the framework's identity and editions (public).
export type Edition = { id: string; title: string; effective_from: string; effective_to?: string; source?: string };
export type FrameworkInfo = { id: string; name: string; publisher?: string; editions: Edition[] };

export const getFramework = (id: string) => api<FrameworkInfo>(`/api/frameworks/${encodeURIComponent(id)}`, { auth: false });

export const frameworkQuery = (id: string) =>
  queryOptions({ queryKey: ["frameworks", "info", id], queryFn: () => getFramework(id), staleTime: 5 * 60_000 });

export function useFramework(id: string) {
  return useQuery(frameworkQuery(id));
}
