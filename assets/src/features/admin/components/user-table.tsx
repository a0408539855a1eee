import type { Role } from "@/config";
import type { User } from "@/features/admin/api/users";
import { RoleEditor } from "@/features/admin/components/role-editor";

export function UserTable({ users, mine }: { users: User[]; mine: Role }) {
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-left text-sm">
        <caption className="sr-only">Users</caption>
        <thead className="border-b border-slate-300 text-slate-700">
          <tr>
            <th scope="col" className="px-2 py-1 font-semibold">Name</th>
            <th scope="col" className="px-2 py-1 font-semibold">E-mail</th>
            <th scope="col" className="px-2 py-1 font-semibold">Role</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className="border-b border-slate-200 align-top">
              <th scope="row" className="px-2 py-2 font-medium">{u.name}</th>
              <td className="px-2 py-2">{u.email}</td>
              <td className="px-2 py-1">
                <RoleEditor user={u} mine={mine} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
