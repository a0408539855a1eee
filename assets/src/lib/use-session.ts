import { useSyncExternalStore } from "react";
import { ROLES, type Role } from "@/config";
import { getSession, subscribeSession, type Session } from "@/lib/session";

export function useSession(): Session | null {
  return useSyncExternalStore(subscribeSession, getSession, getSession);
}

/** Whether the signed-in user's role is at least `min`. */
export function hasRole(s: Session | null, min: Role): boolean {
  return !!s && ROLES.indexOf(s.user.role) >= ROLES.indexOf(min);
}

/** Editors and above write; viewers and auditors only read. */
export function useCanWrite(): boolean {
  return hasRole(useSession(), "editor");
}
