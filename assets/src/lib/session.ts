import type { Role } from "@/config";

// The signed-in session: tokens and who they belong to, kept in
// localStorage so a reload keeps the user signed in.  One store, observed
// with useSyncExternalStore (lib/use-session.ts).

export type Session = {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string; name: string; role: Role };
  company: { id: string; name: string };
};

const KEY = "cd.session";
const listeners = new Set<() => void>();
let current: Session | null = read();
let expired = false;

function read(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

function emit() {
  for (const l of listeners) l();
}

export function getSession(): Session | null {
  return current;
}

/** True once a refresh failed: the app sends the user to sign in again. */
export function sessionExpired(): boolean {
  return expired;
}

export function setSession(s: Session | null) {
  current = s;
  expired = false;
  if (s) localStorage.setItem(KEY, JSON.stringify(s));
  else localStorage.removeItem(KEY);
  emit();
}

export function setTokens(accessToken: string, refreshToken: string) {
  if (!current) return;
  setSession({ ...current, accessToken, refreshToken });
}

/** The refresh token was refused: drop the tokens, remember why. */
export function expireSession() {
  current = null;
  localStorage.removeItem(KEY);
  expired = true;
  emit();
}

export function subscribeSession(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
