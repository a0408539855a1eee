import { useEffect, useState } from "react";
import type { AuditEntry } from "@/features/reports/api/audit";
import type { UserOption } from "@/features/reports/components/audit-filters";

// The users named by the entries loaded so far: the user filter's choices
// (the user list itself is for admins only; auditors read the log too).
export function useSeenUsers(entries: AuditEntry[] | undefined): UserOption[] {
  const [seen, setSeen] = useState<UserOption[]>([]);
  useEffect(() => {
    if (!entries) return;
    setSeen((old) => {
      const add = new Map<string, string>();
      for (const e of entries)
        if (e.user_id && !old.some((u) => u.id === e.user_id)) add.set(e.user_id, e.user_name || e.user_email || e.user_id);
      if (!add.size) return old;
      return [...old, ...[...add].map(([id, label]) => ({ id, label }))].sort((a, b) => a.label.localeCompare(b.label));
    });
  }, [entries]);
  return seen;
}
