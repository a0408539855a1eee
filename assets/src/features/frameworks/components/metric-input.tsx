import { useId } from "react";
import { SelectField, TextField } from "@/components/ui/field";
import type { MetricValue } from "@/features/frameworks/api/get-metric-values";
import { toText, type MetricField } from "@/features/frameworks/components/catalog-fields";

// One metric's control, by the dictionary's type: a number (with its unit),
// a percentage, a narrative, yes/no.  Tables are not entered here (the
// host refuses them on /api/esg/metrics), and a value calculated from
// stored emissions is shown, not replaced.

export function fieldLabel(f: MetricField): string {
  return f.unit && f.kind !== "table" ? `${f.label} (${f.unit})` : f.label;
}

export function fieldHint(f: MetricField): string {
  const why =
    f.role === "datapoint" ? `Datapoint ${f.note}` : f.role === "conditional" ? `Needed when: ${f.note}` : f.role === "related" ? "Shown with the disclosure; not needed for completeness" : f.note ? `Also datapoint ${f.note}` : "";
  const calc = f.calculated ? "Calculated from stored activities when there are any" : "";
  return [f.metricId, why, calc].filter(Boolean).join(" · ");
}

function TextArea({ label, hint, error, value, onChange }: { label: string; hint: string; error?: string; value: string; onChange: (v: string) => void }) {
  const id = useId();
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        id={id}
        rows={3}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={!!error}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        className="mt-1 block w-full rounded border border-slate-500 bg-white px-2 py-1.5 text-sm focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-700 aria-[invalid=true]:border-red-700"
      />
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
        {hint}
      </p>
      {error && (
        <p id={`${id}-error`} role="alert" className="mt-1 text-xs font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

type Props = { field: MetricField; value: string; onChange: (v: string) => void; error?: string; computed?: MetricValue };

export function MetricInput({ field: f, value, onChange, error, computed }: Props) {
  const label = fieldLabel(f);
  const hint = fieldHint(f);
  if (computed || f.kind === "table")
    return (
      <div className="text-sm">
        <p className="font-medium text-slate-800">{label}</p>
        <p className="text-slate-700">
          {computed ? `${toText(computed)}${computed.unit ? ` ${computed.unit}` : ""} (${computed.basis ?? computed.source})` : "A table of rows: not entered on this screen."}
        </p>
        <p className="text-xs text-slate-600">{hint}</p>
      </div>
    );
  if (f.kind === "text") return <TextArea label={label} hint={hint} error={error} value={value} onChange={onChange} />;
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
