import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

// GET /api/calculators: every loaded calculator plugin with what its
// describe() says (plugins/calc.c calc_describe): category, scope, the
// record's own fields, the activities and the accepted units.  A plugin
// that calculates nothing (insights) has no category and is left out.

export type FieldType = "string" | "number" | "integer" | "boolean" | "object";

/** An object field's members: an array is an enum, a string is help. */
export type Members = Record<string, string[] | string>;

export type CalcField = {
  name: string;
  type: FieldType;
  required: boolean;
  help?: string;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  default?: unknown;
  members?: Members;
};

export type CalcActivity = { id: string; label: string; families: string[] };

export type Calculator = {
  name: string;
  version: string;
  description: string;
  category: string;
  scope: number;
  scope3_category?: number;
  fields: CalcField[];
  activities: CalcActivity[];
  units: string[];
  /** Free text accepted beside the listed activities (e.g. NAICS codes). */
  activity_help?: string;
};

export async function fetchCalculators(): Promise<Calculator[]> {
  const all = await api<Partial<Calculator>[]>("/api/calculators", { auth: false });
  return all.filter((c): c is Calculator => typeof c.category === "string" && Array.isArray(c.units));
}

export const calculatorsQuery = () =>
  queryOptions({ queryKey: ["calculators"], queryFn: fetchCalculators, staleTime: 5 * 60_000 });

export function useCalculators() {
  return useQuery(calculatorsQuery());
}
