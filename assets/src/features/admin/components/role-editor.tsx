import { useEffect, useId, useState, type FormEvent } from "react";
import type { Role } from "@/config";
import { Button } from "@/components/ui/button";
import type { User } from "@/features/admin/api/users";
import { useUpdateUserRole } from "@/features/admin/api/update-user-role";
import { grantableRoles, roleLabel } from "@/features/admin/components/roles";

// A user's role and the button that changes it; the server's refusal
// (403 on an owner, 409 last_owner) shows under the select.
export function RoleEditor({ user, mine }: { user: User; mine: Role }) {
  const id = useId();
  const [role, setRole] = useState<Role>(user.role);
  const change = useUpdateUserRole();
  useEffect(() => setRole(user.role), [user.role]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.mutate({ id: user.id, role });
  };
  const error = change.isError ? change.error.message : undefined;
  return (
    <form onSubmit={submit} noValidate className="flex flex-wrap items-start gap-2">
      <div>
        <label htmlFor={id} className="sr-only">
          Role of {user.name}
        </label>
        <select
          id={id}
          value={role}
          aria-invalid={!!error}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => {
            setRole(e.target.value as Role);
            change.reset();
          }}
          className="rounded border border-slate-500 bg-white px-2 py-1 text-sm focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-700 aria-[invalid=true]:border-red-700"
        >
          {grantableRoles(mine, user.role).map((r) => (
            <option key={r} value={r}>
              {roleLabel(r)}
            </option>
          ))}
        </select>
        {error && (
          <p id={`${id}-error`} role="alert" className="mt-1 max-w-xs text-xs font-medium text-red-700">
            {error}
          </p>
        )}
      </div>
      <Button type="submit" variant="secondary" disabled={role === user.role || change.isPending} aria-label={`Change role of ${user.name}`}>
        {change.isPending ? "Changing…" : "Change role"}
      </Button>
      {change.isSuccess && (
        <span role="status" className="py-1 text-xs text-emerald-800">
          Role changed
        </span>
      )}
    </form>
  );
}
