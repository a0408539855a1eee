import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField, FormError } from "@/components/ui/field";
import { ErrorPanel } from "@/components/ui/status";
import { SyncBadge } from "@/components/ui/sync-badge";
import { ApiError } from "@/lib/api-client";
import { failDraft, getDraft, queueDraft, removeDraft, saveDraft } from "@/lib/drafts";
import { useDrafts } from "@/lib/use-drafts";
import { useFormErrors } from "@/lib/use-form-errors";
import type { Target } from "@/features/targets/api/get-targets";
import { TARGET_DRAFT, useCreateTarget, type TargetDraft, type TargetInput } from "@/features/targets/api/post-target";
import { useUpdateTarget } from "@/features/targets/api/put-target";
import { checkTarget, EMPTY_TARGET, fromTarget, TARGET_FIELDS, toTargetInput, type TargetForm as Form } from "@/features/targets/components/target-form-model";

// Create a target, or edit one.  Checked before sending; the host's 422
// shows at the field it names; what was typed survives a lost network.

const SCOPES = [
  { value: "1+2", label: "Scopes 1 and 2" },
  { value: "3", label: "Scope 3" },
  { value: "1+2+3", label: "Scopes 1, 2 and 3" },
];
const KINDS = [
  { value: "near_term", label: "Near-term" },
  { value: "long_term", label: "Long-term" },
  { value: "net_zero", label: "Net-zero" },
];
const AMBITIONS = [
  { value: "1.5C", label: "1.5 °C" },
  { value: "well-below-2C", label: "Well below 2 °C" },
  { value: "", label: "Not stated" },
];

export function TargetForm({ target, onDone }: { target?: Target; onDone: () => void }) {
  const key = `target:${target?.id ?? "new"}`;
  const [f, setF] = useState<Form>(() => getDraft<TargetDraft<Form>>(key)?.payload.form ?? (target ? fromTarget(target) : EMPTY_TARGET));
  const { errors, setErrors, fromServer } = useFormErrors();
  const [failure, setFailure] = useState<unknown>(null);
  const create = useCreateTarget();
  const update = useUpdateTarget();
  const busy = create.isPending || update.isPending;
  const draft = useDrafts().find((d) => d.key === key);

  const set = (k: keyof Form) => (e: { target: { value: string } }) => {
    const next = { ...f, [k]: e.target.value };
    setF(next);
    saveDraft(key, TARGET_DRAFT, { form: next, id: target?.id } satisfies TargetDraft<Form>);
  };

  const send = async (input: TargetInput) => {
    setFailure(null);
    try {
      if (target) await update.mutateAsync({ id: target.id, input });
      else await create.mutateAsync(input);
      removeDraft(key);
      onDone();
    } catch (e) {
      const payload: TargetDraft<Form> = { form: f, id: target?.id, input };
      if (e instanceof ApiError && e.isNetwork) {
        queueDraft(key, TARGET_DRAFT, payload, e.message);
        setErrors({ _form: "Not sent: the server could not be reached. The target is kept and sent when the network returns." });
      } else if (e instanceof ApiError && !e.isServer) {
        failDraft(key, TARGET_DRAFT, payload, e);
        fromServer(e, TARGET_FIELDS);
      } else setFailure(e);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = checkTarget(f);
    setErrors(found);
    if (!Object.keys(found).length) void send(toTargetInput(f));
  };

  const cancel = () => {
    removeDraft(key);
    onDone();
  };

  return (
    <form onSubmit={submit} noValidate aria-label={target ? `Edit ${target.name}` : "New target"} className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <TextField label="Name" value={f.name} onChange={set("name")} error={errors.name} />
        <SelectField label="Scopes" value={f.scopes} onChange={set("scopes")} error={errors.scopes} options={SCOPES} />
        <SelectField label="Kind" value={f.kind} onChange={set("kind")} error={errors.kind} options={KINDS} />
        <TextField label="Base year" inputMode="numeric" value={f.base_year} onChange={set("base_year")} error={errors.base_year} />
        <TextField label="Target year" inputMode="numeric" value={f.target_year} onChange={set("target_year")} error={errors.target_year} />
        <TextField label="Reduction (%)" inputMode="decimal" value={f.reduction_pct} onChange={set("reduction_pct")} error={errors.reduction_pct} hint="Above 0, at most 100" />
        <SelectField label="Ambition" value={f.ambition} onChange={set("ambition")} error={errors.ambition} options={AMBITIONS} />
        <TextField label="Coverage (%)" inputMode="decimal" value={f.coverage_pct} onChange={set("coverage_pct")} error={errors.coverage_pct} hint="Share of the scopes' emissions covered; 100 when empty" />
        <TextField
          label="Base-year emissions (tCO2e)"
          inputMode="decimal"
          value={f.base_emissions_t}
          onChange={set("base_emissions_t")}
          error={errors.base_emissions_t}
          hint="Empty: the base year's stored emissions"
        />
      </div>
      <FormError message={errors._form} />
      {failure !== null && <ErrorPanel error={failure} retry={() => void send(toTargetInput(f))} />}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={busy}>
          {busy ? "Saving…" : target ? "Save target" : "Create target"}
        </Button>
        <Button variant="secondary" onClick={cancel}>
          Cancel
        </Button>
        <SyncBadge draft={draft} />
      </div>
    </form>
  );
}
