import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import type { AuditFilter } from "@/features/reports/api/audit";

// The audit log's filter: action (exact, or a prefix ending in "."), user
// and a date range, checked before it is applied.

export type UserOption = { id: string; label: string };

const KNOWN_ACTIONS = ["activities.", "activities.create", "activity.delete", "user.", "user.create", "user.update", "session.", "settings.update", "entity.", "facility.", "metric.set", "emissions.recalculate", "factor_set.upload", "document."];

export function checkFilter(f: AuditFilter): Record<string, string> {
  const e: Record<string, string> = {};
  if (f.action && !/^[a-z0-9_]+(\.[a-z0-9_]*)*$/.test(f.action)) e.action = 'Use an action such as user.create, or a prefix such as "user."';
  if (f.from && f.to && f.from > f.to) e.to = "The end date must not be before the start date";
  return e;
}

const tidy = (f: AuditFilter): AuditFilter => {
  const out: AuditFilter = {};
  for (const [k, v] of Object.entries(f)) if (v && v.trim()) out[k as keyof AuditFilter] = v.trim();
  return out;
};

type Props = { value: AuditFilter; users: UserOption[]; onApply: (f: AuditFilter) => void; serverErrors?: Record<string, string> };

export function AuditFilters({ value, users, onApply, serverErrors }: Props) {
  const [v, setV] = useState<AuditFilter>(value);
  const [found, setErrors] = useState<Record<string, string>>({});
  const errors = { ...serverErrors, ...found };
  const set = (k: keyof AuditFilter) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const f = tidy(v);
    const found = checkFilter(f);
    setErrors(found);
    if (!Object.keys(found).length) onApply(f);
  };
  const clear = () => {
    setV({});
    setErrors({});
    onApply({});
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Filter the audit log" className="mb-3 grid grid-cols-1 items-end gap-3 sm:grid-cols-2 lg:grid-cols-5">
      <TextField label="Action" list="audit-actions" value={v.action ?? ""} onChange={set("action")} error={errors.action} hint='"user." matches every user action' />
      <datalist id="audit-actions">
        {KNOWN_ACTIONS.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <SelectField label="User" value={v.user_id ?? ""} onChange={set("user_id")} error={errors.user_id} options={[{ value: "", label: "Everyone" }, ...users.map((u) => ({ value: u.id, label: u.label }))]} />
      <TextField label="From" type="date" value={v.from ?? ""} onChange={set("from")} error={errors.from} />
      <TextField label="To" type="date" value={v.to ?? ""} onChange={set("to")} error={errors.to} />
      <div className="flex gap-2 pb-0.5">
        <Button type="submit">Filter</Button>
        <Button variant="secondary" onClick={clear}>
          Clear filters
        </Button>
      </div>
    </form>
  );
}
