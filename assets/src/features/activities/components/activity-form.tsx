import type { FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SelectField } from "@/components/ui/field";
import { ErrorPanel } from "@/components/ui/status";
import { SyncBadge } from "@/components/ui/sync-badge";
import { useDrafts } from "@/lib/use-drafts";
import { fmtKg } from "@/lib/format";
import type { Calculator } from "@/features/activities/api/calculators";
import { useFacilities } from "@/features/activities/api/facilities";
import { CalculatorFields } from "@/features/activities/components/calculator-fields";
import { CommonFields } from "@/features/activities/components/common-fields";
import { EmissionPreview } from "@/features/activities/components/emission-preview";
import { humanize } from "@/features/activities/components/form-model";
import { PendingSubmissions } from "@/features/activities/components/pending-submissions";
import { FORM_DRAFT_KEY, useActivityForm, type Outcome } from "@/features/activities/components/use-activity-form";

// One form per calculator category, generated from its description, with
// the live preview beside it.

function OutcomeLine({ outcome, retry }: { outcome: Outcome; retry: () => void }) {
  if (!outcome) return null;
  if (outcome.kind === "error") return <ErrorPanel error={outcome.error} retry={retry} />;
  return (
    <p role="status" className="text-sm font-medium text-emerald-900">
      {outcome.kind === "saved" ? `Saved: ${fmtKg(outcome.kg)} CO2e stored.` : "Offline: the activity is kept on this device and will be sent when the network returns."}
    </p>
  );
}

export function ActivityForm({ calculators, year }: { calculators: Calculator[]; year: number }) {
  const f = useActivityForm(calculators, year);
  const facilities = useFacilities().data ?? [];
  const formDraft = useDrafts().find((d) => d.key === FORM_DRAFT_KEY);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void f.submit();
  };
  const categories = calculators.map((c) => ({ value: c.category, label: `${humanize(c.category)} (scope ${c.scope}${c.scope3_category ? `, category ${c.scope3_category}` : ""})` }));

  return (
    <Card title="Add an activity" actions={<SyncBadge draft={formDraft} />}>
      <div className="grid gap-4 lg:grid-cols-[3fr_2fr]">
        <form onSubmit={onSubmit} noValidate aria-label="Activity" className="space-y-3">
          <SelectField label="Category" name="category" value={f.calc.category} options={categories} onChange={(e) => f.setCategory(e.target.value)} hint={f.calc.description} />
          <div className="grid gap-3 sm:grid-cols-2">
            <CommonFields calc={f.calc} facilities={facilities} values={f.values} errors={f.errors} onChange={f.setField} />
            <CalculatorFields fields={f.calc.fields} values={f.values} errors={f.errors} onChange={f.setField} />
          </div>
          {f.errors._form && (
            <p role="alert" className="text-sm font-medium text-red-700">
              {f.errors._form}
            </p>
          )}
          <div className="flex items-center gap-3">
            <Button type="submit" disabled={f.busy}>
              {f.busy ? "Saving…" : "Save activity"}
            </Button>
          </div>
          <OutcomeLine outcome={f.outcome} retry={() => void f.submit()} />
        </form>
        <div className="space-y-3">
          <EmissionPreview record={f.previewRecord} />
          <PendingSubmissions onEdit={f.edit} />
        </div>
      </div>
    </Card>
  );
}
