import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { MetricValue } from "@/features/frameworks/api/get-metric-values";

// GET /api/frameworks/{id}/status?year=Y: each disclosure of the edition in
// force for the year against the company's metric values, with the
// completeness the readiness gauges show (SBTi adds its target checks).

export const STATUSES = ["complete", "partial", "missing", "not_material"] as const;
export type Status = (typeof STATUSES)[number];

export type ItemState = { id: string; requirement?: string; status: Status; findings: string[] };

export type DisclosureState = {
  id: string;
  title: string;
  pillar?: string | null;
  type: string;
  status: Status;
  /** The disclosure's metrics that have a value (the others are findings). */
  metrics: { id: string; value: MetricValue }[];
  findings: string[];
  items: ItemState[];
};

export type Applicability = { in_scope: boolean | null; rule?: string; reason?: string };

export type FrameworkStatus = {
  framework: string;
  edition: string;
  year: number;
  completeness: number;
  summary: Record<Status, number>;
  disclosures: DisclosureState[];
  /** CSRD only. */
  materiality?: { assessed: boolean; note?: string };
  applicability?: Applicability;
};

export const getStatus = (id: string, year: number) =>
  api<FrameworkStatus>(`/api/frameworks/${encodeURIComponent(id)}/status`, { query: { year } });

/** Every framework's status shares this prefix: a saved value refreshes them all. */
export const STATUS_KEY = ["framework-status"];

export const statusQuery = (id: string, year: number) =>
  queryOptions({ queryKey: ["framework-status", id, year], queryFn: () => getStatus(id, year) });

export function useStatus(id: string, year: number) {
  return useQuery(statusQuery(id, year));
}
