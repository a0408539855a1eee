import { useState } from "react";
import type { CatalogDisclosure } from "@/features/frameworks/api/get-catalog";
import type { MetricDef } from "@/features/frameworks/api/get-dictionary";
import type { MetricValue } from "@/features/frameworks/api/get-metric-values";
import type { DisclosureState } from "@/features/frameworks/api/get-status";
import { disclosureFields } from "@/features/frameworks/components/catalog-fields";
import { MetricForm } from "@/features/frameworks/components/metric-form";
import { MetricValues } from "@/features/frameworks/components/metric-values";
import { StatusBadge } from "@/features/frameworks/components/status-badge";

// One disclosure: its status and the findings that explain it; opened, its
// datapoints and the values of its metrics (a form for editors).

type Props = {
  framework: string;
  year: number;
  d: DisclosureState;
  entry?: CatalogDisclosure;
  dict: Map<string, MetricDef>;
  current: Record<string, MetricValue>;
  canWrite: boolean;
};

export function DisclosureItem({ framework, year, d, entry, dict, current, canWrite }: Props) {
  const [open, setOpen] = useState(false);
  const fields = entry ? disclosureFields(entry, dict) : [];
  return (
    <li className="rounded border border-slate-300 bg-white" data-disclosure={d.id} data-status={d.status}>
      <details className="group" onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary className="flex cursor-pointer list-none flex-wrap items-center gap-2 px-3 py-2 focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-700">
          <span aria-hidden="true" className="text-slate-600 transition-transform group-open:rotate-90">
            ▸
          </span>
          <span className="font-mono text-sm font-semibold text-slate-900">{d.id}</span>
          <span className="min-w-0 flex-1 text-sm text-slate-800">{d.title}</span>
          <StatusBadge status={d.status} />
        </summary>
        <div className="space-y-3 border-t border-slate-200 px-3 py-3">
          {d.findings.length > 0 && (
            <ul className="list-disc pl-5 text-sm text-slate-700" aria-label={`Findings for ${d.id}`}>
              {d.findings.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          )}
          {d.items.length > 0 && (
            <ul className="space-y-1 text-sm" aria-label={`Datapoints of ${d.id}`}>
              {d.items.map((it) => (
                <li key={it.id} className="flex flex-wrap items-start gap-2">
                  <span className="font-mono text-slate-900">{it.id}</span>
                  <span className="min-w-0 flex-1 text-slate-700">
                    {it.requirement}
                    {it.findings.length > 0 && <span className="block text-xs text-slate-600">{it.findings.join("; ")}</span>}
                  </span>
                  <StatusBadge status={it.status} />
                </li>
              ))}
            </ul>
          )}
          {open && fields.length > 0 && (
            <div>
              <h4 className="mb-2 text-sm font-semibold text-slate-900">Values for {year}</h4>
              {canWrite ? (
                <MetricForm key={year} formKey={`esg:${year}:${framework}:${d.id}`} disclosureId={d.id} fields={fields} current={current} year={year} />
              ) : (
                <MetricValues fields={fields} current={current} />
              )}
            </div>
          )}
        </div>
      </details>
    </li>
  );
}
