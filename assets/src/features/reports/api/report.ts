import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { download } from "@/lib/csv";

// GET /api/frameworks/{id}/report?year=Y&format=json|csv, saved as a file.
export type ReportFormat = "json" | "csv";
export type ReportRequest = { framework: string; year: number; format: ReportFormat };

export const reportFileName = ({ framework, year, format }: ReportRequest) => `${framework}-report-${year}.${format}`;

export function fetchReport({ framework, year, format }: ReportRequest): Promise<Blob | string> {
  const path = `/api/frameworks/${encodeURIComponent(framework)}/report`;
  const query = { year, format };
  return format === "json" ? api<Blob>(path, { query, as: "blob" }) : api<string>(path, { query, as: "text" });
}

/** Fetch the report and hand it to the browser as a download. */
export async function downloadReport(r: ReportRequest): Promise<void> {
  const body = await fetchReport(r);
  download(reportFileName(r), body, r.format === "json" ? "application/json" : "text/csv");
}

export function useDownloadReport() {
  return useMutation({ mutationFn: downloadReport });
}
