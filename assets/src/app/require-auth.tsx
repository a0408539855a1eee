import { Navigate, useLocation } from "react-router-dom";
import type { ReactNode } from "react";
import type { Role } from "@/config";
import { hasRole, useSession } from "@/lib/use-session";

// Signed out (or the session expired): to sign-in, remembering the page so
// the user comes back to it.  A role below `min` sees a refusal, not the page.
export function RequireAuth({ children, min }: { children: ReactNode; min?: Role }) {
  const s = useSession();
  const loc = useLocation();
  if (!s) return <Navigate to={`/sign-in?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  if (min && !hasRole(s, min))
    return (
      <p role="alert" className="p-6 text-sm">
        This page needs the {min} role or above; yours is {s.user.role}.
      </p>
    );
  return <>{children}</>;
}
