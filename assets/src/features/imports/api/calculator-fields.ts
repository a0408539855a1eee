import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

// GET /api/calculators, reduced to what an import column may be named
// beside the common ones: every calculator's own field names.

type Described = { category?: string; fields?: { name: string; type: string }[] };

export async function fetchCalculatorFields(): Promise<string[]> {
  const all = await api<Described[]>("/api/calculators", { auth: false });
  const names = new Set<string>();
  for (const c of all) if (c.category) for (const f of c.fields ?? []) if (f.type !== "object") names.add(f.name);
  return [...names].sort();
}

export const calculatorFieldsQuery = () => queryOptions({ queryKey: ["imports", "calculator-fields"], queryFn: fetchCalculatorFields, staleTime: 5 * 60_000 });

export function useCalculatorFields() {
  return useQuery(calculatorFieldsQuery());
}
