import { queryOptions, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { download } from "@/lib/csv";

// GET /api/jobs/{id}/rejections: every rejected row as CSV
// (row,field,code,message).

export function fetchRejections(id: string): Promise<string> {
  return api<string>(`/api/jobs/${encodeURIComponent(id)}/rejections`, { as: "text" });
}

export const rejectionsQuery = (id: string) => queryOptions({ queryKey: ["jobs", id, "rejections"], queryFn: () => fetchRejections(id) });

export function useDownloadRejections(id: string) {
  const qc = useQueryClient();
  return async () => download(`rejected-rows-${id}.csv`, await qc.fetchQuery(rejectionsQuery(id)));
}
