import { useId } from "react";
import { SelectField, TextField } from "@/components/ui/field";
import type { Calculator } from "@/features/activities/api/calculators";
import type { Facility } from "@/features/activities/api/facilities";
import { GWP_SETS, type FormErrors, type FormValues } from "@/features/activities/components/form-model";

// The fields every record has; the activities and units are the
// calculator's own.

type Props = { calc: Calculator; facilities: Facility[]; values: FormValues; errors: FormErrors; onChange: (key: string, value: string) => void };

function ActivityField({ calc, values, errors, onChange }: Omit<Props, "facilities">) {
  const listId = useId();
  const set = (e: { target: { value: string } }) => onChange("activity", e.target.value);
  if (calc.activity_help)
    return (
      <>
        <TextField label="Activity (required)" name="activity" list={listId} value={values.activity ?? ""} error={errors.activity} hint={calc.activity_help} onChange={set} />
        <datalist id={listId}>
          {calc.activities.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
        </datalist>
      </>
    );
  return (
    <SelectField
      label="Activity (required)"
      name="activity"
      value={values.activity ?? ""}
      error={errors.activity}
      options={[{ value: "", label: "Choose an activity…" }, ...calc.activities.map((a) => ({ value: a.id, label: a.label }))]}
      onChange={set}
    />
  );
}

export function CommonFields({ calc, facilities, values, errors, onChange }: Props) {
  const on = (k: string) => (e: { target: { value: string } }) => onChange(k, e.target.value);
  return (
    <>
      <ActivityField calc={calc} values={values} errors={errors} onChange={onChange} />
      <TextField label="Quantity (required)" name="quantity" inputMode="decimal" value={values.quantity ?? ""} error={errors.quantity} onChange={on("quantity")} />
      <SelectField label="Unit (required)" name="unit" value={values.unit ?? ""} error={errors.unit} options={calc.units.map((u) => ({ value: u, label: u }))} onChange={on("unit")} />
      <TextField label="Period start (required)" name="period_start" type="date" value={values.period_start ?? ""} error={errors.period_start} onChange={on("period_start")} />
      <TextField label="Period end (required)" name="period_end" type="date" value={values.period_end ?? ""} error={errors.period_end} onChange={on("period_end")} />
      <SelectField
        label="Facility"
        name="facility_id"
        value={values.facility_id ?? ""}
        error={errors.facility_id}
        options={[{ value: "", label: "(none)" }, ...facilities.map((f) => ({ value: f.id, label: f.name }))]}
        onChange={on("facility_id")}
      />
      <SelectField label="GWP set" name="gwp" value={values.gwp ?? ""} error={errors.gwp} options={[{ value: "", label: "(company setting)" }, ...GWP_SETS.map((g) => ({ value: g, label: g }))]} onChange={on("gwp")} />
      <TextField label="Factor set" name="factor_set" value={values.factor_set ?? ""} error={errors.factor_set} hint="Optional, e.g. desnz-2024; else chosen by region and year" onChange={on("factor_set")} />
    </>
  );
}
