import { useSearchParams } from "react-router-dom";
import { ErrorPanel, Loading } from "@/components/ui/status";
import { useYear } from "@/lib/use-year";
import { orderFrameworks, useFrameworks } from "@/features/frameworks/api/get-frameworks";
import { FrameworkDetails } from "@/features/frameworks/components/framework-details";
import { InsightsPanel } from "@/features/frameworks/components/insights-panel";
import { ReadinessCard } from "@/features/frameworks/components/readiness-card";

// Readiness for every framework in the year, the selected one's
// disclosures (and data entry), and the year's insights.

export function FrameworksPage() {
  const [year] = useYear();
  const [params, setParams] = useSearchParams();
  const list = useFrameworks();

  const ids = list.data ? orderFrameworks(list.data) : [];
  const chosen = params.get("framework");
  const selected = chosen && ids.includes(chosen) ? chosen : ids[0];
  const select = (id: string) =>
    setParams((p) => {
      p.set("framework", id);
      return p;
    });

  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold text-slate-900">Frameworks {year}</h1>
      <p className="text-sm text-slate-700">Each value is entered once, by its metric, and counts in every framework that asks for it.</p>
      {list.isPending ? (
        <Loading what="Loading frameworks" />
      ) : list.isError ? (
        <ErrorPanel error={list.error} retry={() => void list.refetch()} />
      ) : (
        <>
          <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
            {ids.map((id) => (
              <ReadinessCard key={id} id={id} year={year} selected={id === selected} onSelect={() => select(id)} />
            ))}
          </div>
          {selected && <FrameworkDetails key={selected} id={selected} year={year} />}
        </>
      )}
      <InsightsPanel year={year} />
    </div>
  );
}
