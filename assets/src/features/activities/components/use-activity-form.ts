import { useMemo, useState } from "react";
import { ApiError } from "@/lib/api-client";
import { getDraft, queueDraft, removeDraft, saveDraft, type Draft } from "@/lib/drafts";
import { useFormErrors } from "@/lib/use-form-errors";
import type { Calculator } from "@/features/activities/api/calculators";
import type { ActivityRecord } from "@/features/activities/api/calculate";
import { ACTIVITY_DRAFT_KIND, useCreateActivity, type QueuedActivity } from "@/features/activities/api/create-activity";
import { defaultValues, fieldKeys, recordToValues, toRecord, totalKg, validate, type FormValues } from "@/features/activities/components/form-model";
import { useDebounced } from "@/features/activities/components/use-debounced";
import { newKey } from "@/features/activities/components/new-key";

// The activity form's state: the values as typed (kept as a draft of this
// user and company on every change, restored on reload), the checks, the
// debounced record for the preview and the submission, which is queued
// for later when the network fails.

export const FORM_DRAFT_KEY = "activity-form";
const FORM_DRAFT_KIND = "activity-form";

type FormDraft = { category: string; values: FormValues };

export type Outcome = { kind: "saved"; kg: number } | { kind: "queued" } | { kind: "error"; error: ApiError } | null;

export function useActivityForm(calcs: Calculator[], year: number) {
  const [state, setState] = useState<FormDraft>(() => getDraft<FormDraft>(FORM_DRAFT_KEY)?.payload ?? { category: "", values: {} });
  const [tried, setTried] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const { errors, setErrors, fromServer } = useFormErrors();
  const create = useCreateActivity();

  const calcOf = (category: string) => calcs.find((c) => c.category === category) ?? calcs[0];
  const calc = calcOf(state.category);
  const values = state.category === calc.category ? state.values : defaultValues(calc, year);

  const update = (next: FormDraft, keepErrors = false) => {
    setState(next);
    saveDraft(FORM_DRAFT_KEY, FORM_DRAFT_KIND, next);
    setOutcome(null);
    if (tried && !keepErrors) setErrors(validate(calcOf(next.category), next.values));
  };
  const fresh = (c: Calculator): FormValues => ({
    ...defaultValues(c, year),
    period_start: values.period_start ?? `${year}-01-01`,
    period_end: values.period_end ?? `${year}-12-31`,
    facility_id: values.facility_id ?? "",
  });
  const setField = (k: string, v: string) => update({ category: calc.category, values: { ...values, [k]: v } });
  const setCategory = (category: string) => update({ category, values: fresh(calcOf(category)) });

  const valid = Object.keys(validate(calc, values)).length === 0;
  const key = valid ? JSON.stringify(toRecord(calc, values)) : "";
  const debounced = useDebounced(key, 400);
  const previewRecord = useMemo(() => (debounced ? (JSON.parse(debounced) as ActivityRecord) : null), [debounced]);

  const reset = () => {
    removeDraft(FORM_DRAFT_KEY);
    setState({ category: calc.category, values: fresh(calc) });
    setTried(false);
    setErrors({});
  };

  const submit = async () => {
    setTried(true);
    const found = validate(calc, values);
    setErrors(found);
    if (Object.keys(found).length) return;
    const record = toRecord(calc, values);
    try {
      const r = await create.mutateAsync(record);
      reset();
      setOutcome({ kind: "saved", kg: totalKg(r.activities[0]?.results ?? []) });
    } catch (e) {
      if (e instanceof ApiError && e.isNetwork) {
        const k = newKey("activity");
        queueDraft(k, ACTIVITY_DRAFT_KIND, { key: k, record } satisfies QueuedActivity, e.message);
        reset();
        setOutcome({ kind: "queued" });
      } else if (e instanceof ApiError && e.isServer) setOutcome({ kind: "error", error: e });
      else fromServer(e, fieldKeys(calc));
    }
  };

  /** A refused submission back into the form, its error at its field. */
  const edit = (d: Draft<QueuedActivity>) => {
    const { category, values: v } = recordToValues(d.payload.record);
    update({ category, values: v }, true);
    removeDraft(d.key);
    setTried(true);
    const f = d.field?.replace(/^records\[\d+\]\.?/, "");
    setErrors(f && fieldKeys(calcOf(category)).includes(f) ? { [f]: d.error ?? "refused" } : { _form: d.error ?? "refused" });
  };

  return { calc, values, errors, setField, setCategory, submit, busy: create.isPending, outcome, previewRecord, edit };
}
