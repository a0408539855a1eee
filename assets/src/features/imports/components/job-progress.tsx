import type { Job } from "@/features/imports/api/job";

// The import's progress as a bar (0-100 %) with the counts in words.

export function JobProgress({ job }: { job: Job }) {
  const pct = Math.round((job.state === "done" ? 1 : job.progress) * 100);
  const words = job.state === "queued" ? "Waiting to start" : job.state === "running" ? "Importing" : job.state === "done" ? "Finished" : "Failed";
  return (
    <div className="space-y-1">
      <div
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={`${pct} %`}
        className="h-4 w-full overflow-hidden rounded bg-slate-200"
      >
        <div className={`h-full ${job.state === "failed" ? "bg-red-700" : "bg-emerald-700"} transition-[width]`} style={{ width: `${pct}%` }} />
      </div>
      <p role="status" className="text-sm text-slate-800">
        {words}: {pct} % · {job.processed} of {job.total} rows stored · {job.rejected} rejected
      </p>
      {job.state === "failed" && job.error && (
        <p role="alert" className="text-sm font-medium text-red-700">
          {job.error}
        </p>
      )}
    </div>
  );
}
