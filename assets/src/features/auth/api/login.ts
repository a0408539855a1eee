import { api } from "@/lib/api-client";
import { setSession, type Session } from "@/lib/session";

export type Tokens = { access_token: string; refresh_token: string; token_type: string; expires_in: number };
type Me = { user: Session["user"]; company: Session["company"] };

export async function fetchMe(accessToken: string): Promise<Me> {
  return api<Me>("/api/auth/me", { headers: { Authorization: `Bearer ${accessToken}` }, auth: false });
}

/** Sign in: tokens first, then who they belong to; the session is stored. */
export async function login(email: string, password: string): Promise<Session> {
  const t = await api<Tokens>("/api/auth/login", { method: "POST", json: { email, password }, auth: false });
  const me = await fetchMe(t.access_token);
  const s: Session = { accessToken: t.access_token, refreshToken: t.refresh_token, ...me };
  setSession(s);
  return s;
}
