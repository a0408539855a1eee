import { ROLES, type Role } from "@/config";

// The roles a user of role `mine` may hand out (the host refuses any above
// their own), plus `current` so a row shows the role it has.
export function grantableRoles(mine: Role, current?: Role): Role[] {
  const top = ROLES.indexOf(mine);
  return ROLES.filter((r, i) => i <= top || r === current);
}

export const roleLabel = (r: Role) => r[0].toUpperCase() + r.slice(1);
