import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Role } from "@/config";
import { api } from "@/lib/api-client";
import { usersQuery } from "@/features/admin/api/users";

// PUT /api/users/{id} {role}: 403 when an admin touches an owner, 409
// last_owner when the company would be left without one.
export type RoleChange = { id: string; role: Role };

export const updateUserRole = ({ id, role }: RoleChange) => api<unknown>(`/api/users/${encodeURIComponent(id)}`, { method: "PUT", json: { role } });

export function useUpdateUserRole() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: updateUserRole, onSuccess: () => qc.invalidateQueries({ queryKey: usersQuery().queryKey }) });
}
