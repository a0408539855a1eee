import { Card } from "@/components/ui/card";
import { ErrorPanel, Loading } from "@/components/ui/status";
import type { Catalog } from "@/features/frameworks/api/get-catalog";
import { useMateriality } from "@/features/frameworks/api/get-materiality";
import { MaterialityForm, type Topic } from "@/features/frameworks/components/materiality-form";

// CSRD double materiality for the year (ESRS 1 chapter 3): loads the
// assessment and hands it to the grid.

export function materialityTopics(cat: Catalog): Topic[] {
  const titles = new Map((cat.topical_standards ?? []).map((t) => [t.id, t.title]));
  return (cat.materiality?.assessed_per_topic ?? []).map((id) => ({ id, title: titles.get(id) ?? "" }));
}

export function MaterialityGrid({ year, catalog, canWrite }: { year: number; catalog: Catalog; canWrite: boolean }) {
  const m = useMateriality(year);
  const topics = materialityTopics(catalog);
  return (
    <Card title={`Double materiality ${year}`}>
      <p className="mb-2 text-sm text-slate-700">
        {catalog.materiality?.rule ?? "A topic is material from the impact perspective, the financial perspective, or both."} ESRS 2 is always required.
      </p>
      {m.isPending ? (
        <Loading what="Loading the assessment" />
      ) : m.isError ? (
        <ErrorPanel error={m.error} retry={() => void m.refetch()} />
      ) : (
        <>
          {!m.data && <p className="mb-2 text-sm font-medium text-amber-950">Not assessed for {year}: every topic counts as material until an assessment is saved.</p>}
          <MaterialityForm key={year} year={year} topics={topics} initial={m.data} canWrite={canWrite} />
        </>
      )}
    </Card>
  );
}
