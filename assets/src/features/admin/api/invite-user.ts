import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Role } from "@/config";
import { api } from "@/lib/api-client";
import { usersQuery, type User } from "@/features/admin/api/users";

// POST /api/users: without a password the server makes a temporary one and
// answers it once.
export type InviteInput = { email: string; name: string; role: Role; password?: string };
export type Invited = User & { temporary_password?: string | null };

export const inviteUser = (input: InviteInput) => api<Invited>("/api/users", { method: "POST", json: input });

export function useInviteUser() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: inviteUser, onSuccess: () => qc.invalidateQueries({ queryKey: usersQuery().queryKey }) });
}
