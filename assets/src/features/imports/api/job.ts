import { queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { api } from "@/lib/api-client";

// GET /api/jobs/{id}: an import's state and progress, with its first 1000
// rejections (row = the CSV line number, the header being line 1).

export type Rejection = { row: number; field: string | null; code: string; message: string };

export type Job = {
  id: string;
  kind: string;
  state: "queued" | "running" | "done" | "failed";
  total: number;
  processed: number;
  rejected: number;
  progress: number;
  error: string | null;
  idempotency_key?: string | null;
  created_at: string;
  updated_at: string;
  replayed?: boolean;
  rejections?: Rejection[];
};

export const finished = (j: Job | undefined) => j?.state === "done" || j?.state === "failed";

export function fetchJob(id: string): Promise<Job> {
  return api<Job>(`/api/jobs/${encodeURIComponent(id)}`);
}

export const jobQuery = (id: string) =>
  queryOptions({
    queryKey: ["jobs", id],
    queryFn: () => fetchJob(id),
    refetchInterval: (q) => (finished(q.state.data) ? false : 500),
    staleTime: 0,
  });

/** The job, polled until it is done or failed; then the stored rows show. */
export function useJob(id: string) {
  const q = useQuery(jobQuery(id));
  const qc = useQueryClient();
  const done = finished(q.data);
  useEffect(() => {
    if (!done) return;
    void qc.invalidateQueries({ queryKey: ["activities"] });
    void qc.invalidateQueries({ queryKey: ["emissions"] });
  }, [done, qc]);
  return q;
}
