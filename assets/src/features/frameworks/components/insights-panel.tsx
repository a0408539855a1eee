import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ErrorPanel, Loading } from "@/components/ui/status";
import { fmtTonnes } from "@/lib/format";
import { useInsights } from "@/features/frameworks/api/get-insights";

// The year's anomalies, hot spots and reduction levers, each with the
// sentence that explains it.

const KIND: Record<string, string> = {
  yoy_change: "Year-over-year change",
  monthly_outlier: "Monthly outlier",
  missing_months: "Missing months",
  facility_without_data: "Facility without data",
};

export function InsightsPanel({ year }: { year: number }) {
  const q = useInsights(year);
  return (
    <Card title={`Insights ${year}`}>
      {q.isPending ? (
        <Loading what="Loading insights" />
      ) : q.isError ? (
        <ErrorPanel error={q.error} retry={() => void q.refetch()} />
      ) : (
        <div className="grid gap-4 lg:grid-cols-3">
          <section aria-label="Anomalies">
            <h3 className="mb-1 text-sm font-semibold text-slate-900">Anomalies</h3>
            {q.data.findings.length === 0 ? (
              <p className="text-sm text-slate-700">Nothing unusual in {year}.</p>
            ) : (
              <ul className="space-y-2 text-sm">
                {q.data.findings.map((f, i) => (
                  <li key={`${f.kind}-${f.subject}-${i}`}>
                    <Badge tone={f.severity === "warning" ? "amber" : "grey"}>{f.severity}</Badge> <span className="font-medium text-slate-900">{KIND[f.kind] ?? f.kind}: {f.subject}</span>
                    <p className="text-slate-700">{f.reason}</p>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-label="Hot spots">
            <h3 className="mb-1 text-sm font-semibold text-slate-900">Hot spots</h3>
            {q.data.hot_spots.length === 0 ? (
              <p className="text-sm text-slate-700">No emissions stored for {year}.</p>
            ) : (
              <ol className="space-y-2 text-sm">
                {q.data.hot_spots.map((h) => (
                  <li key={`${h.rank}`}>
                    <span className="font-medium text-slate-900">
                      {h.rank}. {h.category}
                      {h.facility ? ` at ${h.facility}` : ""}: {fmtTonnes(h.tco2e)} ({Math.round(h.share_pct)} %)
                    </span>
                    <p className="text-slate-700">{h.reason}</p>
                  </li>
                ))}
              </ol>
            )}
          </section>
          <section aria-label="Reduction levers">
            <h3 className="mb-1 text-sm font-semibold text-slate-900">Reduction levers</h3>
            {q.data.levers.length === 0 ? (
              <p className="text-sm text-slate-700">No lever to suggest yet.</p>
            ) : (
              <ul className="space-y-2 text-sm">
                {q.data.levers.map((l) => (
                  <li key={l.category}>
                    <span className="font-medium text-slate-900">{l.lever}</span>
                    <p className="text-slate-700">
                      {l.reason}. Why: {l.why}.
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      )}
    </Card>
  );
}
