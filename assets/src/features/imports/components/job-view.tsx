import { Link } from "react-router-dom";
import { ErrorPanel, Loading } from "@/components/ui/status";
import { useJob } from "@/features/imports/api/job";
import { JobProgress } from "@/features/imports/components/job-progress";
import { RejectionsTable } from "@/features/imports/components/rejections-table";

// One import job: the bar while it runs, then what was rejected and why.

export function JobView({ id, year }: { id: string; year: number }) {
  const q = useJob(id);
  if (q.isError && !q.data) return <ErrorPanel error={q.error} retry={() => void q.refetch()} />;
  if (!q.data) return <Loading what="Loading the import" />;
  const job = q.data;
  return (
    <div className="space-y-4">
      <JobProgress job={job} />
      {job.state === "done" && (
        <>
          <p className="text-sm text-slate-900">
            {job.processed} {job.processed === 1 ? "row" : "rows"} stored.{" "}
            <Link className="font-medium text-emerald-800 underline" to={`/activities?year=${year}`}>
              See the activities
            </Link>
          </p>
          <RejectionsTable job={job} />
        </>
      )}
    </div>
  );
}
