import type { QueryClient } from "@tanstack/react-query";
import { getSession } from "@/lib/session";
import { yearOf } from "@/lib/use-year";
import { facilitiesQueryOptions } from "@/features/overview/api/get-facilities";
import { approachOf, FIRST_YEAR, summaryQueryOptions } from "@/features/overview/api/get-summary";

/**
 * The overview's requests, started by the router while the screen's code
 * is still loading, so the two wait side by side instead of one after the
 * other.  The screen's queries then find them in flight or done.
 */
export function prefetchOverview(qc: QueryClient, url: URL): null {
  if (!getSession()) return null;
  const year = yearOf(url.searchParams);
  const approach = approachOf(url.searchParams);
  void qc.prefetchQuery(summaryQueryOptions(year, approach));
  if (year > FIRST_YEAR) void qc.prefetchQuery(summaryQueryOptions(year - 1, approach));
  void qc.prefetchQuery(facilitiesQueryOptions());
  return null;
}
