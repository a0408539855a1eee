import { UsersCard } from "@/features/admin/components/users-card";
import { PluginsCard } from "@/features/admin/components/plugins-card";

// Users and their roles, and the plugins the host has loaded (live).
export function AdminPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold text-slate-900">Admin</h1>
      <UsersCard />
      <PluginsCard />
    </div>
  );
}
