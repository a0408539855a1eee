import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import type { MetricValue } from "@/features/frameworks/api/get-metric-values";
import { toText, type MetricField } from "@/features/frameworks/components/catalog-fields";

// One metric's control, by the dictionary's type: a number (with its unit),
// a percentage, a narrative, yes/no (tables have their own editor,
// table-input.tsx).  A value calculated from stored emissions is shown,
// not replaced.

export function fieldLabel(f: MetricField): string {
  return f.unit && f.kind !== "table" ? `${f.label} (${f.unit})` : f.label;
}

export function fieldHint(f: MetricField): string {
  const why =
    f.role === "datapoint" ? `Datapoint ${f.note}` : f.role === "conditional" ? `Needed when: ${f.note}` : f.role === "related" ? "Shown with the disclosure; not needed for completeness" : f.note ? `Also datapoint ${f.note}` : "";
  const calc = f.calculated ? "Calculated from stored activities when there are any" : "";
  return [f.metricId, why, calc].filter(Boolean).join(" · ");
}

type Props = { field: MetricField; value: string; onChange: (v: string) => void; error?: string; computed?: MetricValue };

export function MetricInput({ field: f, value, onChange, error, computed }: Props) {
  const label = fieldLabel(f);
  const hint = fieldHint(f);
  if (computed)
    return (
      <div className="text-sm">
        <p className="font-medium text-slate-800">{label}</p>
        <p className="text-slate-700">
          {`${toText(computed)}${computed.unit ? ` ${computed.unit}` : ""} (${computed.basis ?? computed.source})`}
        </p>
        <p className="text-xs text-slate-600">{hint}</p>
      </div>
    );
  if (f.kind === "text") return <TextAreaField label={label} hint={hint} error={error} value={value} onChange={(e) => onChange(e.target.value)} />;
  if (f.kind === "boolean")
    return (
      <SelectField
        label={label}
        hint={hint}
        error={error}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        options={[
          { value: "", label: "Not stated" },
          { value: "true", label: "Yes" },
          { value: "false", label: "No" },
        ]}
      />
    );
  return <TextField label={label} hint={hint} error={error} inputMode="decimal" value={value} onChange={(e) => onChange(e.target.value)} />;
}
