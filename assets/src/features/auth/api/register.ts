import { api } from "@/lib/api-client";
import { setSession, type Session } from "@/lib/session";
import type { Tokens } from "@/features/auth/api/login";

export type RegisterInput = { company_name: string; name: string; email: string; password: string };
type Registered = Tokens & { user: Session["user"]; company: Session["company"] };

/** A new company with its owner; the owner is signed in. */
export async function register(input: RegisterInput): Promise<Session> {
  const r = await api<Registered>("/api/auth/register", { method: "POST", json: input, auth: false });
  const s: Session = { accessToken: r.access_token, refreshToken: r.refresh_token, user: r.user, company: r.company };
  setSession(s);
  return s;
}
