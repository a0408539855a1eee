import { queryOptions, useQuery } from "@tanstack/react-query";
import type { Role } from "@/config";
import { api } from "@/lib/api-client";

// GET /api/users: the company's users (admin and owner).
export type User = { id: string; email: string; name: string; role: Role; created_at?: string };

export const fetchUsers = () => api<User[]>("/api/users");

export const usersQuery = () => queryOptions({ queryKey: ["admin", "users"], queryFn: fetchUsers });

export function useUsers() {
  return useQuery(usersQuery());
}
