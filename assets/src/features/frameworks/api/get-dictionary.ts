import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

// GET /api/metrics/dictionary: the canonical metrics every framework maps to.

export type MetricType = "quantity" | "percentage" | "ratio" | "narrative" | "boolean" | "table";

/** A column of a table metric (conf/metrics.yaml `columns`). */
export type ColumnDef = {
  id: string;
  title: string;
  type: "text" | "number" | "boolean";
  unit?: string;
  required: boolean;
  /** Number columns: bounds (min 0 when absent) and whole numbers only. */
  min?: number;
  max?: number;
  integer?: boolean;
};

export type MetricDef = {
  id: string;
  title: string;
  unit?: string;
  type: MetricType;
  source: "calculated" | "reported";
  derived_from?: string[];
  description?: string;
  /** Table metrics only: the columns of a row. */
  columns?: ColumnDef[];
};

export type Dictionary = { dictionary: string; version: string; metrics: MetricDef[] };

export const getDictionary = () => api<Dictionary>("/api/metrics/dictionary");

export const dictionaryQuery = () =>
  queryOptions({ queryKey: ["metrics", "dictionary"], queryFn: getDictionary, staleTime: 30 * 60_000 });

export function useDictionary() {
  return useQuery(dictionaryQuery());
}
