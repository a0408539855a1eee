import type { MetricValue } from "@/features/frameworks/api/get-metric-values";
import { toText, type MetricField } from "@/features/frameworks/components/catalog-fields";
import { fieldLabel } from "@/features/frameworks/components/metric-input";
import { TableView } from "@/features/frameworks/components/table-view";

// What viewers and auditors see instead of the form: the values, read only.
export function MetricValues({ fields, current }: { fields: MetricField[]; current: Record<string, MetricValue> }) {
  return (
    <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
      {fields.map((f) => {
        const v = current[f.metricId];
        return (
          <div key={f.metricId} className="contents">
            <dt className="font-medium text-slate-800">{fieldLabel(f)}</dt>
            <dd className="min-w-0 whitespace-pre-wrap text-slate-700">
              {!v ? "No value" : f.kind === "table" ? <TableView label={f.label} columns={f.columns ?? []} value={v.value} /> : `${toText(v)}${v.unit && f.kind !== "text" ? ` ${v.unit}` : ""}`}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
