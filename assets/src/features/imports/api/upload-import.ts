import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { Job } from "@/features/imports/api/job";

// POST /api/activities/import: the CSV as a text/csv body.  202 with the
// queued job; the same Idempotency-Key again answers 200 with the first
// job (a retried upload is not stored twice).

export type Upload = { csv: string; key: string };

export function uploadImport({ csv, key }: Upload): Promise<Job> {
  return api<Job>("/api/activities/import", { method: "POST", body: csv, contentType: "text/csv", headers: { "Idempotency-Key": key } });
}

export function useUploadImport() {
  return useMutation({ mutationFn: uploadImport });
}
