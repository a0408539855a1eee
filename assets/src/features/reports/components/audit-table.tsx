import { DataTable, type Column } from "@/components/ui/data-table";
import type { AuditEntry } from "@/features/reports/api/audit";

// One audit entry a row: when, who, what, on what; the detail as compact JSON.

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

export const who = (e: AuditEntry) => (e.user_name || e.user_email ? `${e.user_name ?? ""}${e.user_email ? ` <${e.user_email}>` : ""}`.trim() : "system");

const detail = (e: AuditEntry) => (e.detail === null || e.detail === undefined ? "" : JSON.stringify(e.detail));

const columns: Column<AuditEntry>[] = [
  { header: "When (UTC)", cell: (e) => <time dateTime={e.at}>{Number.isNaN(Date.parse(e.at)) ? e.at : when.format(new Date(e.at))}</time>, csv: (e) => e.at },
  { header: "Who", cell: who },
  { header: "Action", cell: (e) => <code className="text-slate-900">{e.action}</code>, csv: (e) => e.action },
  { header: "Target", cell: (e) => <span className="break-all">{e.target ?? ""}</span>, csv: (e) => e.target },
  { header: "Detail", cell: (e) => <span className="break-all font-mono text-xs text-slate-800">{detail(e)}</span>, csv: detail },
];

export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  if (!entries.length) return <p className="py-2 text-sm text-slate-700">No audit entry matches.</p>;
  return <DataTable caption="Audit log" columns={columns} rows={entries} file="" rowKey={(e, i) => `${e.at}-${e.request_id ?? ""}-${i}`} />;
}
