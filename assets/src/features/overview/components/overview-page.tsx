import { useSearchParams } from "react-router-dom";
import { approachOf, FIRST_YEAR, useSummary, type Approach } from "@/features/overview/api/get-summary";
import { useFacilities } from "@/features/overview/api/get-facilities";
import { ApproachSwitch } from "@/features/overview/components/approach-switch";
import { CoverageHeatmap } from "@/features/overview/components/coverage-heatmap";
import { EmptyYear } from "@/features/overview/components/empty-year";
import { FacilityTable } from "@/features/overview/components/facility-table";
import { KpiTiles } from "@/features/overview/components/kpi-tiles";
import { MonthlyTrend } from "@/features/overview/components/monthly-trend";
import { ScopeDonut } from "@/features/overview/components/scope-donut";
import { TopSources } from "@/features/overview/components/top-sources";
import { useDrawn } from "@/features/overview/components/use-drawn";
import { topSources } from "@/features/overview/components/summary-data";
import { ErrorPanel, Loading } from "@/components/ui/status";
import { useYear } from "@/lib/use-year";

// The year at a glance.  The approach is kept in the URL (?approach=) next
// to the year; without it the host applies the company's setting.
// data-testid="overview-ready" marks the root once every query has its
// answer for this year and approach and every chart shown has been drawn.

const CHARTS = ["donut", "trend", "sources"] as const;

function useApproach(): [Approach | undefined, (a: Approach) => void] {
  const [params, setParams] = useSearchParams();
  const approach = approachOf(params);
  const set = (a: Approach) =>
    setParams((p) => {
      p.set("approach", a);
      return p;
    });
  return [approach, set];
}

export function OverviewPage() {
  const [year] = useYear();
  const [approach, setApproach] = useApproach();
  const current = useSummary(year, approach);
  // 1990 has no year before it the host would answer for.
  const hasPrevious = year > FIRST_YEAR;
  const previous = useSummary(year - 1, approach, hasPrevious);
  const facilities = useFacilities();
  const { drawn, markers } = useDrawn(CHARTS);

  const heading = (
    <h1 className="text-xl font-semibold text-slate-900">
      Overview {year}
    </h1>
  );
  const failed = [current, previous, facilities].filter((q) => q.isError);
  if (failed.length)
    return (
      <div className="space-y-4">
        {heading}
        <ErrorPanel error={failed[0].error} retry={() => failed.forEach((q) => void q.refetch())} />
      </div>
    );
  if (!current.data || (hasPrevious && !previous.data) || !facilities.data)
    return (
      <div className="space-y-4">
        {heading}
        <Loading what="Loading the overview" />
      </div>
    );

  const s = current.data;
  const settled = !current.isPlaceholderData && !(hasPrevious && previous.isPlaceholderData);
  const empty = s.rows === 0;
  const shown: (typeof CHARTS)[number][] = empty ? [] : topSources(s.sources).length ? ["donut", "trend", "sources"] : ["donut", "trend"];
  const ready = settled && shown.every((c) => drawn.has(c));

  return (
    <div className="space-y-4" data-testid={ready ? "overview-ready" : undefined} aria-busy={!settled}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        {heading}
        <div className="flex items-center gap-3">
          {!settled && (
            <span role="status" className="text-sm text-slate-700">
              Updating…
            </span>
          )}
          {!empty && <ApproachSwitch value={approach ?? s.approach} onChange={setApproach} />}
        </div>
      </div>
      {empty ? (
        <EmptyYear year={year} />
      ) : (
        <>
          <KpiTiles summary={s} previous={hasPrevious ? previous.data : undefined} />
          <div className="grid gap-4 lg:grid-cols-3">
            <ScopeDonut summary={s} onDrawn={markers.donut} />
            <div className="lg:col-span-2">
              <MonthlyTrend summary={s} onDrawn={markers.trend} />
            </div>
          </div>
          <div className="grid gap-4 lg:grid-cols-2">
            <TopSources summary={s} onDrawn={markers.sources} />
            <CoverageHeatmap summary={s} facilities={facilities.data} />
          </div>
          <FacilityTable summary={s} facilities={facilities.data} />
        </>
      )}
    </div>
  );
}
