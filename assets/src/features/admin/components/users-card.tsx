import { Card } from "@/components/ui/card";
import { ErrorPanel, Loading } from "@/components/ui/status";
import { useSession } from "@/lib/use-session";
import { useUsers } from "@/features/admin/api/users";
import { InviteForm } from "@/features/admin/components/invite-form";
import { UserTable } from "@/features/admin/components/user-table";

export function UsersCard() {
  const users = useUsers();
  const mine = useSession()?.user.role ?? "viewer";
  return (
    <Card title="Users and roles">
      {users.isPending ? (
        <Loading what="Loading users" />
      ) : users.isError ? (
        <ErrorPanel error={users.error} retry={() => void users.refetch()} />
      ) : (
        <UserTable users={users.data} mine={mine} />
      )}
      <InviteForm mine={mine} />
    </Card>
  );
}
