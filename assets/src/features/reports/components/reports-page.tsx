import { useYear } from "@/lib/use-year";
import { ReportDownloads } from "@/features/reports/components/report-downloads";
import { AuditLog } from "@/features/reports/components/audit-log";

// Framework reports for the year as files, and the audit log.
export function ReportsPage() {
  const [year] = useYear();
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold text-slate-900">Reports</h1>
      <ReportDownloads year={year} />
      <AuditLog />
    </div>
  );
}
