import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { Session } from "@/lib/session";

export type Me = { user: Session["user"]; company: Session["company"] };

export const meQuery = () => queryOptions({ queryKey: ["auth", "me"], queryFn: () => api<Me>("/api/auth/me") });

/** Who the token belongs to, asked of the server (a role change shows at once). */
export function useMe() {
  return useQuery(meQuery());
}
