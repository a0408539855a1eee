import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorPanel, Loading } from "@/components/ui/status";
import { ApiError } from "@/lib/api-client";
import { AUDIT_PAGE_SIZE, useAudit, useDownloadAuditCsv, type AuditFilter } from "@/features/reports/api/audit";
import { AuditFilters } from "@/features/reports/components/audit-filters";
import { AuditTable } from "@/features/reports/components/audit-table";
import { Pager } from "@/features/reports/components/pager";
import { useSeenUsers } from "@/features/reports/components/use-seen-users";

const FILTER_FIELDS = ["action", "user_id", "from", "to"];

// Who did what, when: filtered, a page at a time, the whole selection as CSV.
// Below the auditor role the server refuses (403): that is said, not crashed on.
export function AuditLog() {
  const [filter, setFilter] = useState<AuditFilter>({});
  const [offset, setOffset] = useState(0);
  const q = useAudit(filter, offset);
  const csv = useDownloadAuditCsv();
  const users = useSeenUsers(q.data?.entries);

  if (q.error instanceof ApiError && q.error.status === 403)
    return (
      <Card title="Audit log">
        <p role="alert" className="text-sm text-slate-800">
          The audit log is for auditors, admins and owners: {q.error.message}
        </p>
      </Card>
    );

  // A 4xx naming a filter field shows at that field.
  const e = q.error instanceof ApiError && q.error.status < 500 && q.error.field && FILTER_FIELDS.includes(q.error.field) ? q.error : null;
  const serverErrors = e ? { [e.field!]: e.message } : undefined;
  const apply = (f: AuditFilter) => {
    setFilter(f);
    setOffset(0);
  };
  return (
    <Card
      title="Audit log"
      actions={
        <Button variant="secondary" disabled={csv.isPending || !q.data} aria-label="Download CSV of the audit log" onClick={() => csv.mutate(filter)}>
          Download CSV
        </Button>
      }
    >
      <AuditFilters value={filter} users={users} onApply={apply} serverErrors={serverErrors} />
      {csv.isError && (
        <p role="alert" className="mb-2 text-sm font-medium text-red-700">
          The audit log CSV could not be downloaded: {csv.error.message}
        </p>
      )}
      {q.isPending ? (
        <Loading what="Loading the audit log" />
      ) : serverErrors ? null : q.isError ? (
        <ErrorPanel error={q.error} retry={() => void q.refetch()} />
      ) : (
        <div aria-busy={q.isFetching}>
          <AuditTable entries={q.data.entries} />
          <Pager what="audit log" offset={offset} size={AUDIT_PAGE_SIZE} total={q.data.total} onOffset={setOffset} />
        </div>
      )}
    </Card>
  );
}
