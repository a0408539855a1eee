import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

// GET /api/frameworks: the loaded framework plugins (public).
export type FrameworkPlugin = { name: string; kind: string; version: string; description?: string; capabilities?: string[] };

/** The order the screen shows them in; others loaded later come after. */
export const FRAMEWORK_ORDER = ["gri", "tcfd", "sbti", "csrd"];

export function orderFrameworks(list: FrameworkPlugin[]): string[] {
  const rank = (n: string) => (FRAMEWORK_ORDER.includes(n) ? FRAMEWORK_ORDER.indexOf(n) : FRAMEWORK_ORDER.length);
  return list.map((f) => f.name).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export const getFrameworks = () => api<FrameworkPlugin[]>("/api/frameworks", { auth: false });

export const frameworksQuery = () => queryOptions({ queryKey: ["frameworks", "list"], queryFn: getFrameworks, staleTime: 5 * 60_000 });

export function useFrameworks() {
  return useQuery(frameworksQuery());
}
