import { useEffect } from "react";
import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { registerSender, syncDrafts } from "@/lib/drafts";
import type { ActivityRecord, CalcResult } from "@/features/activities/api/calculate";

// POST /api/activities {"records":[record]}: store one record and its
// results (201).  A bad record is 422 naming "records[0].<field>".
//
// A submission that could not reach the server is kept as a pending draft
// of kind "activity" (lib/drafts.ts) and sent by the sender registered
// here when the network returns.

export type Created = { stored: number; activities: { id: string; index: number; results: CalcResult[] }[] };

export function createActivity(record: ActivityRecord): Promise<Created> {
  return api<Created>("/api/activities", { method: "POST", json: { records: [record] } });
}

/** What a queued submission keeps: its own draft key and the record. */
export type QueuedActivity = { key: string; record: ActivityRecord };

export const ACTIVITY_DRAFT_KIND = "activity";

// syncDrafts runs one sync at a time and drops a draft once sent, so the
// sender needs no bookkeeping of its own.
let client: QueryClient | undefined;

function refresh(qc: QueryClient | undefined) {
  void qc?.invalidateQueries({ queryKey: ["activities"] });
  void qc?.invalidateQueries({ queryKey: ["emissions"] });
}

export async function sendQueuedActivity(payload: unknown): Promise<unknown> {
  const created = await createActivity((payload as QueuedActivity).record);
  refresh(client);
  return created;
}

registerSender(ACTIVITY_DRAFT_KIND, sendQueuedActivity);

/**
 * The save mutation.  Mounting it also sends what was queued before this
 * screen's code was loaded (the layout's first sync ran without a sender).
 */
export function useCreateActivity() {
  const qc = useQueryClient();
  useEffect(() => {
    client = qc;
    if (navigator.onLine) void syncDrafts();
  }, [qc]);
  // "always": offline, the request runs and fails at once, so the record
  // is queued as a draft instead of the mutation waiting paused.
  return useMutation({ mutationFn: createActivity, networkMode: "always", onSuccess: () => refresh(qc) });
}
