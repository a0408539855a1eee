import { SelectField, TextField } from "@/components/ui/field";
import type { CalcField } from "@/features/activities/api/calculators";
import { humanize, memberKey, type FormErrors, type FormValues } from "@/features/activities/components/form-model";

// The calculator's own fields, generated from its description: an enum is
// a choice, a boolean is yes/no/default, a number is a numeric text box,
// an object is a group of its members.

type Props = { fields: CalcField[]; values: FormValues; errors: FormErrors; onChange: (key: string, value: string) => void };

const label = (f: { name: string; required?: boolean }) => `${humanize(f.name)}${f.required ? " (required)" : ""}`;

function choices(list: string[], required: boolean) {
  const opts = list.map((v) => ({ value: v, label: v }));
  return required ? [{ value: "", label: "Choose…" }, ...opts] : [{ value: "", label: "(default)" }, ...opts];
}

function OneField({ f, values, errors, onChange }: Omit<Props, "fields"> & { f: CalcField }) {
  const common = { label: label(f), error: errors[f.name], hint: f.help, value: values[f.name] ?? "", name: f.name };
  if (f.type === "object")
    return (
      <fieldset className="col-span-full rounded border border-slate-300 p-3">
        <legend className="px-1 text-sm font-medium text-slate-800">{humanize(f.name)}</legend>
        {f.help && <p className="mb-2 text-xs text-slate-700">{f.help}</p>}
        <div className="grid gap-3 sm:grid-cols-3">
          {Object.entries(f.members ?? {}).map(([m, spec]) => {
            const k = memberKey(f.name, m);
            const p = { label: `${humanize(f.name)} ${m.replace(/_/g, " ")}`, error: errors[k], value: values[k] ?? "", name: k };
            return Array.isArray(spec) ? (
              <SelectField key={k} {...p} options={choices(spec, false)} onChange={(e) => onChange(k, e.target.value)} />
            ) : (
              <TextField key={k} {...p} hint={spec} onChange={(e) => onChange(k, e.target.value)} />
            );
          })}
        </div>
      </fieldset>
    );
  if (f.enum) return <SelectField {...common} options={choices(f.enum, f.required)} onChange={(e) => onChange(f.name, e.target.value)} />;
  if (f.type === "boolean")
    return (
      <SelectField
        {...common}
        options={[
          { value: "", label: "(default)" },
          { value: "true", label: "Yes" },
          { value: "false", label: "No" },
        ]}
        onChange={(e) => onChange(f.name, e.target.value)}
      />
    );
  const numeric = f.type === "number" || f.type === "integer";
  return <TextField {...common} inputMode={numeric ? "decimal" : undefined} onChange={(e) => onChange(f.name, e.target.value)} />;
}

export function CalculatorFields(p: Props) {
  if (!p.fields.length) return null;
  return (
    <>
      {p.fields.map((f) => (
        <OneField key={f.name} f={f} values={p.values} errors={p.errors} onChange={p.onChange} />
      ))}
    </>
  );
}
