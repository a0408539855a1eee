import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/status";
import { SyncBadge } from "@/components/ui/sync-badge";
import { ApiError } from "@/lib/api-client";
import { failDraft, getDraft, queueDraft, removeDraft, saveDraft } from "@/lib/drafts";
import { useDrafts } from "@/lib/use-drafts";
import type { MetricValue } from "@/features/frameworks/api/get-metric-values";
import { METRIC_DRAFT, useSaveMetricValues, type MetricDraft, type MetricInput as Input } from "@/features/frameworks/api/post-metric-values";
import { buildValues, fieldOfError, isComputed, toText, type MetricField } from "@/features/frameworks/components/catalog-fields";
import { MetricInput } from "@/features/frameworks/components/metric-input";
import { TableInput } from "@/features/frameworks/components/table-input";

// The values of one disclosure's metrics for the year.  Each is stored once
// by its canonical id, so it counts in every framework that maps to it.
// What is typed is kept as a draft; a lost network queues it.

/** The errors of a table field, by cell ("value[j].<column>"), "" for the table. */
function tableErrors(errors: Record<string, string>, id: string): Record<string, string> {
  const out: Record<string, string> = errors[id] ? { "": errors[id] } : {};
  for (const [k, m] of Object.entries(errors)) if (k.startsWith(`${id}/`)) out[k.slice(id.length + 1)] = m;
  return out;
}

type Props = { formKey: string; disclosureId: string; fields: MetricField[]; current: Record<string, MetricValue>; year: number };

export function MetricForm({ formKey, disclosureId, fields, current, year }: Props) {
  const [form, setForm] = useState<Record<string, string>>(() => {
    const start = Object.fromEntries(fields.map((f) => [f.metricId, toText(current[f.metricId])]));
    return { ...start, ...(getDraft<MetricDraft>(formKey)?.payload.form ?? {}) };
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const save = useSaveMetricValues();
  const draft = useDrafts().find((d) => d.key === formKey);

  const change = (id: string) => (v: string) => {
    const next = { ...form, [id]: v };
    setForm(next);
    setSaved(false);
    saveDraft(formKey, METRIC_DRAFT, { form: next } satisfies MetricDraft);
  };

  const send = async (values: Input[]) => {
    setFailure(null);
    try {
      await save.mutateAsync(values);
      removeDraft(formKey);
      setSaved(true);
    } catch (e) {
      const payload: MetricDraft = { form, body: values };
      if (e instanceof ApiError && e.isNetwork) {
        queueDraft(formKey, METRIC_DRAFT, payload, e.message);
        setErrors({ _form: "Not sent: the server could not be reached. Your values are kept and sent when the network returns." });
      } else if (e instanceof ApiError && !e.isServer) {
        failDraft(formKey, METRIC_DRAFT, payload, e);
        const id = fieldOfError(e.field, values);
        setErrors(id ? { [id]: e.message } : { _form: e.message });
      } else setFailure(e);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const { values, errors: found } = buildValues(fields, form, current, year);
    if (!Object.keys(found).length && !values.length) found._form = "Nothing to save: no value was changed";
    setErrors(found);
    if (!Object.keys(found).length) void send(values);
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-label={`Values for ${disclosureId}`}>
      {fields.map((f) =>
        f.kind === "table" ? (
          <TableInput key={f.metricId} field={f} value={form[f.metricId] ?? ""} onChange={change(f.metricId)} errors={tableErrors(errors, f.metricId)} />
        ) : (
          <MetricInput key={f.metricId} field={f} value={form[f.metricId] ?? ""} onChange={change(f.metricId)} error={errors[f.metricId]} computed={isComputed(current[f.metricId]) ? current[f.metricId] : undefined} />
        ),
      )}
      {errors._form && (
        <p role="alert" className="text-sm font-medium text-red-700">
          {errors._form}
        </p>
      )}
      {failure !== null && <ErrorPanel error={failure} retry={() => void send(buildValues(fields, form, current, year).values)} />}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={save.isPending} aria-label={`Save values for ${disclosureId}`}>
          {save.isPending ? "Saving…" : "Save values"}
        </Button>
        <SyncBadge draft={draft} />
        {saved && (
          <span role="status" className="text-sm text-emerald-800">
            Saved for {year}; every framework's status is refreshed.
          </span>
        )}
      </div>
    </form>
  );
}
