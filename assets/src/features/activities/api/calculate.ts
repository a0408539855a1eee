import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

// POST /api/calculate: the results of one record, nothing stored (the
// live preview of the activity form).

export type Gases = Record<string, number>;

export type Factor = {
  set: string;
  id: string;
  value: number;
  unit: string;
  source?: string;
  publisher?: string;
  table?: string;
  gwp?: string;
  published_co2e?: number;
};

export type CalcResult = {
  scope: number;
  method: "location" | "market" | null;
  scope3_category: number | null;
  category: string;
  tier: string;
  co2e_kg: number;
  biogenic_co2_kg?: number;
  gases: Gases;
  quantity?: { value: number; unit: string };
  gwp: string;
  factor: Factor;
  calculator: { name: string; version: string };
  note?: string;
};

export type ActivityRecord = Record<string, unknown> & {
  category: string;
  activity: string;
  quantity: number;
  unit: string;
  period_start: string;
  period_end: string;
};

type Answer = { records: { index: number; results: CalcResult[] }[] };

export async function calculate(record: ActivityRecord): Promise<CalcResult[]> {
  const r = await api<Answer>("/api/calculate", { method: "POST", json: record });
  return r.records[0]?.results ?? [];
}

export const calculateQuery = (record: ActivityRecord | null) =>
  queryOptions({
    queryKey: ["activities", "preview", record],
    queryFn: () => calculate(record!),
    enabled: record !== null,
    retry: false,
    staleTime: 60_000,
    // Offline the preview says so rather than waiting paused.
    networkMode: "always",
  });

/** The preview of a record (null: nothing to preview yet). */
export function useCalculate(record: ActivityRecord | null) {
  return useQuery(calculateQuery(record));
}
