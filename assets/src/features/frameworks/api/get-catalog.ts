import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

// GET /api/frameworks/{id}/catalog?year=Y: the edition in force in the year
// (frameworks/CATALOGS.md describes the fields).

export type CatalogItem = { id: string; requirement?: string; title?: string; type: string; unit?: string; conditional?: string; metrics: string[] };

export type CatalogDisclosure = {
  id: string;
  title: string;
  type: string;
  unit?: string;
  pillar?: string;
  topic?: string;
  standard?: string;
  required?: boolean;
  conditional?: string;
  metrics: string[];
  items?: CatalogItem[];
  related_metrics?: string[];
  conditional_metrics?: { metric: string; condition: string }[];
};

export type Catalog = {
  framework: string;
  edition: string;
  title: string;
  effective_from: string;
  effective_to?: string;
  disclosures: CatalogDisclosure[];
  /** CSRD: the double-materiality assessment's topics and perspectives. */
  materiality?: { always_required?: string[]; assessed_per_topic: string[]; perspectives?: { id: string; description: string }[]; rule?: string };
  /** TCFD: the four pillars the disclosures are grouped by. */
  pillars?: { id: string; title: string }[];
  topical_standards?: { id: string; title: string; group?: string }[];
};

export const getCatalog = (id: string, year: number) =>
  api<Catalog>(`/api/frameworks/${encodeURIComponent(id)}/catalog`, { query: { year } });

export const catalogQuery = (id: string, year: number) =>
  queryOptions({ queryKey: ["framework-catalog", id, year], queryFn: () => getCatalog(id, year), staleTime: 5 * 60_000 });

export function useCatalog(id: string, year: number, enabled = true) {
  return useQuery({ ...catalogQuery(id, year), enabled });
}
