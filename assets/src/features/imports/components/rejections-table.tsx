import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import type { Job, Rejection } from "@/features/imports/api/job";
import { useDownloadRejections } from "@/features/imports/api/rejections";

// The rows the import refused: line number, field and reason; every one
// of them as CSV from the host (the table shows the first 1000).

const columns = [
  { header: "Row", numeric: true, cell: (r: Rejection) => r.row },
  { header: "Field", cell: (r: Rejection) => r.field ?? "—" },
  { header: "Reason", cell: (r: Rejection) => r.message },
  { header: "Code", cell: (r: Rejection) => r.code },
];

export function RejectionsTable({ job }: { job: Job }) {
  const download = useDownloadRejections(job.id);
  const rows = job.rejections ?? [];
  if (!job.rejected) return <p className="text-sm text-slate-800">No row was rejected.</p>;
  return (
    <div className="space-y-2">
      <h3 className="font-semibold text-slate-900">
        {job.rejected} rejected {job.rejected === 1 ? "row" : "rows"}
        {rows.length < job.rejected ? ` (the first ${rows.length} shown)` : ""}
      </h3>
      <DataTable caption="Rejected rows" file="" columns={columns} rows={rows} rowKey={(r) => `${r.row}-${r.field}`} />
      <Button variant="secondary" onClick={() => void download()}>
        Download rejected rows (CSV)
      </Button>
    </div>
  );
}
