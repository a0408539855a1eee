import { useState, type FormEvent } from "react";
import type { Role } from "@/config";
import { Button } from "@/components/ui/button";
import { SelectField, TextField, FormError } from "@/components/ui/field";
import { ErrorPanel } from "@/components/ui/status";
import { ApiError } from "@/lib/api-client";
import { getDraft, removeDraft, saveDraft } from "@/lib/drafts";
import { useFormErrors } from "@/lib/use-form-errors";
import { useInviteUser, type InviteInput, type Invited } from "@/features/admin/api/invite-user";
import { grantableRoles, roleLabel } from "@/features/admin/components/roles";
import { TemporaryPassword } from "@/features/admin/components/temporary-password";

const FIELDS = ["email", "name", "role", "password"];
const DRAFT = "admin.invite";
type Values = { email: string; name: string; role: Role; password: string };

// What the host checks (POST /api/users), checked here first.
export function checkInvite(v: Values, mine: Role): Record<string, string> {
  const e: Record<string, string> = {};
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v.email.trim())) e.email = "Enter a valid e-mail address";
  if (!v.name.trim()) e.name = "Enter the person's name";
  else if (v.name.trim().length > 200) e.name = "Use at most 200 characters";
  if (!grantableRoles(mine).includes(v.role)) e.role = "You cannot grant a role above your own";
  if (v.password && (v.password.length < 12 || v.password.length > 72)) e.password = "Use 12 to 72 characters, or leave it empty for a temporary password";
  return e;
}

function toInput(v: Values): InviteInput {
  return { email: v.email.trim(), name: v.name.trim(), role: v.role, ...(v.password ? { password: v.password } : {}) };
}

// A form that was cut off by the network comes back (never the password).
function initial(): Values {
  const d = getDraft<Omit<Values, "password">>(DRAFT)?.payload;
  return { email: d?.email ?? "", name: d?.name ?? "", role: d?.role ?? "editor", password: "" };
}

export function InviteForm({ mine }: { mine: Role }) {
  const [v, setV] = useState<Values>(initial);
  const [invited, setInvited] = useState<Invited | null>(null);
  const { errors, setErrors, fromServer } = useFormErrors();
  const invite = useInviteUser();
  const set = (k: keyof Values) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });

  const send = async () => {
    setInvited(null);
    try {
      const r = await invite.mutateAsync(toInput(v));
      removeDraft(DRAFT);
      setV({ email: "", name: "", role: v.role, password: "" });
      setInvited(r);
    } catch (err) {
      if (err instanceof ApiError && err.isNetwork) saveDraft(DRAFT, "invite", { email: v.email, name: v.name, role: v.role });
      if (!(err instanceof ApiError && err.isServer)) fromServer(err, FIELDS);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = checkInvite(v, mine);
    setErrors(found);
    if (!Object.keys(found).length) void send();
  };
  const serverError = invite.error instanceof ApiError && invite.error.isServer ? invite.error : null;

  return (
    <form onSubmit={submit} noValidate aria-labelledby="invite-title" className="mt-6 border-t border-slate-200 pt-4">
      <h3 id="invite-title" className="mb-2 font-semibold text-slate-900">
        Invite a user
      </h3>
      <div className="grid grid-cols-1 items-start gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <TextField label="E-mail" type="email" autoComplete="off" value={v.email} onChange={set("email")} error={errors.email} />
        <TextField label="Name" autoComplete="off" value={v.name} onChange={set("name")} error={errors.name} />
        <SelectField label="Role" value={v.role} onChange={set("role")} error={errors.role} options={grantableRoles(mine).map((r) => ({ value: r, label: roleLabel(r) }))} />
        <TextField label="Password (optional)" type="password" autoComplete="new-password" value={v.password} onChange={set("password")} error={errors.password} hint="Leave empty to get a temporary password" />
      </div>
      <FormError message={errors._form} />
      {serverError && (
        <div className="mt-2">
          <ErrorPanel error={serverError} retry={() => void send()} />
        </div>
      )}
      <Button type="submit" className="mt-3" disabled={invite.isPending}>
        {invite.isPending ? "Inviting…" : "Invite user"}
      </Button>
      {invited && <TemporaryPassword user={invited} onDone={() => setInvited(null)} />}
    </form>
  );
}
