import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

// GET /api/plugins, polled so a hot reload shows within seconds.
export type Plugin = { name: string; kind: string; version: string; abi: string; generation: number; loaded_at: string; description?: string };

export const PLUGINS_POLL_MS = 2000;

export const fetchPlugins = () => api<Plugin[]>("/api/plugins");

export const pluginsQuery = () => queryOptions({ queryKey: ["admin", "plugins"], queryFn: fetchPlugins, refetchInterval: PLUGINS_POLL_MS, staleTime: 0 });

export function usePlugins() {
  return useQuery(pluginsQuery());
}
