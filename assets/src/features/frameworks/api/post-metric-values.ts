import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { STATUS_KEY } from "@/features/frameworks/api/get-status";

// POST /api/esg/metrics {"values":[...]}: values stored once by canonical
// metric id, all or nothing; a refusal names values[i].<field> (a table's
// cell: values[i].value[j].<column>).

export type MetricInput = { metric_id: string; period_start: string; period_end: string; value: number | string | boolean | Record<string, string | number | boolean>[]; unit?: string };

export const postMetricValues = (values: MetricInput[]) =>
  api<{ stored: number }>("/api/esg/metrics", { method: "POST", json: { values } });

/** Drafts of this kind carry the form as typed and, once submitted, the body. */
export const METRIC_DRAFT = "esg-values";
export type MetricDraft = { form: Record<string, string>; body?: MetricInput[] };

export const sendMetricDraft = (p: unknown) => postMetricValues((p as MetricDraft).body ?? []);

export function useSaveMetricValues() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: postMetricValues,
    // One value serves every framework that maps to it: refetch them all.
    onSuccess: () =>
      Promise.all([qc.invalidateQueries({ queryKey: ["esg-metrics"] }), qc.invalidateQueries({ queryKey: STATUS_KEY })]),
  });
}
