import { Button } from "@/components/ui/button";
import type { Invited } from "@/features/admin/api/invite-user";

// The answer to an invite: the temporary password is shown this once and
// never stored; "Done" forgets it.
export function TemporaryPassword({ user, onDone }: { user: Invited; onDone: () => void }) {
  return (
    <div role="status" className="mt-3 rounded border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-950">
      <p>
        {user.name} ({user.email}) was invited as {user.role}.
      </p>
      {user.temporary_password && (
        <p className="mt-1">
          Temporary password, shown only this once: <code className="rounded bg-white px-1 font-mono text-slate-900" data-testid="temporary-password">{user.temporary_password}</code>. Pass it on
          securely; they should change it after signing in.
        </p>
      )}
      <Button variant="secondary" className="mt-2" onClick={onDone}>
        Done
      </Button>
    </div>
  );
}
