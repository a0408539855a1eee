import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

// GET /api/esg/metrics?year=Y: the year's one set of values, calculated
// from stored emissions or the latest reported for a period overlapping Y.

export type MetricValue = {
  /** A table metric's value is its rows, keyed by column id. */
  value: number | string | boolean | Record<string, string | number | boolean>[];
  unit: string | null;
  source: "calculated" | "reported" | "derived" | string;
  period_start?: string;
  period_end?: string;
  basis?: string;
};

export type MetricValues = { year: number; values: Record<string, MetricValue> };

export const getMetricValues = (year: number) => api<MetricValues>("/api/esg/metrics", { query: { year } });

export const metricValuesQuery = (year: number) =>
  queryOptions({ queryKey: ["esg-metrics", year], queryFn: () => getMetricValues(year) });

export function useMetricValues(year: number) {
  return useQuery(metricValuesQuery(year));
}
