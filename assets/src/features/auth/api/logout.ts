import { api } from "@/lib/api-client";
import { clearDrafts } from "@/lib/drafts";
import { getSession, setSession } from "@/lib/session";

/** Sign out: the refresh token is revoked (best effort), drafts and the session go. */
export async function logout(): Promise<void> {
  const s = getSession();
  try {
    if (s) await api("/api/auth/logout", { method: "POST", json: { refresh_token: s.refreshToken } });
  } catch {
    /* offline or already expired: the local session goes anyway */
  }
  clearDrafts();
  setSession(null);
}
