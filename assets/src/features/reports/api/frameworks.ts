import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

// GET /api/frameworks: the loaded framework plugins (public).
export type Framework = { name: string; kind: string; version: string; description?: string };

export const fetchFrameworks = () => api<Framework[]>("/api/frameworks");

export const frameworksQuery = () => queryOptions({ queryKey: ["reports", "frameworks"], queryFn: fetchFrameworks });

export function useFrameworks() {
  return useQuery(frameworksQuery());
}
