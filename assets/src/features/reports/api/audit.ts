import { keepPreviousData, queryOptions, useMutation, useQuery } from "@tanstack/react-query";
import { api, type Query } from "@/lib/api-client";
import { download } from "@/lib/csv";

// GET /api/audit: who did what, when; newest first.  An action ending in
// "." filters by prefix ("user." is every user action).  Auditor and above.
export type AuditEntry = {
  at: string;
  user_id: string | null;
  user_name: string | null;
  user_email: string | null;
  action: string;
  target: string | null;
  request_id: string | null;
  detail: unknown;
};
export type AuditPage = { total: number; entries: AuditEntry[] };
export type AuditFilter = { action?: string; user_id?: string; from?: string; to?: string };

export const AUDIT_PAGE_SIZE = 25;

function filterQuery(f: AuditFilter): Query {
  return { action: f.action, user_id: f.user_id, from: f.from, to: f.to };
}

export const fetchAudit = (f: AuditFilter, offset: number) =>
  api<AuditPage>("/api/audit", { query: { ...filterQuery(f), limit: AUDIT_PAGE_SIZE, offset } });

export const auditQuery = (f: AuditFilter, offset: number) =>
  queryOptions({ queryKey: ["reports", "audit", f, offset], queryFn: () => fetchAudit(f, offset) });

export function useAudit(f: AuditFilter, offset: number) {
  return useQuery({ ...auditQuery(f, offset), placeholderData: keepPreviousData });
}

/** Every entry the filter matches, as the server's CSV. */
export const fetchAuditCsv = (f: AuditFilter) => api<string>("/api/audit", { query: { ...filterQuery(f), format: "csv" }, as: "text" });

export async function downloadAuditCsv(f: AuditFilter): Promise<void> {
  download("audit-log.csv", await fetchAuditCsv(f));
}

export function useDownloadAuditCsv() {
  return useMutation({ mutationFn: downloadAuditCsv });
}
