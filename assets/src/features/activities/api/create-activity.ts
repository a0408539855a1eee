import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { ActivityRecord, CalcResult } from "@/features/activities/api/calculate";

// POST /api/activities {"records":[record]}: store one record and its
// results (201).  A bad record is 422 naming "records[0].<field>".
//
// A submission that could not reach the server is kept as a pending draft
// of kind "activity" (lib/drafts.ts) and sent by sendQueuedActivity, which
// app/draft-senders.ts registers, when the network returns.

export type Created = { stored: number; activities: { id: string; index: number; results: CalcResult[] }[] };

export function createActivity(record: ActivityRecord): Promise<Created> {
  return api<Created>("/api/activities", { method: "POST", json: { records: [record] } });
}

/** What a queued submission keeps: its own draft key and the record. */
export type QueuedActivity = { key: string; record: ActivityRecord };

export const ACTIVITY_DRAFT_KIND = "activity";

/** What a stored activity changes. */
export const ACTIVITY_REFRESHES = [["activities"], ["emissions"]] as const;

export const sendQueuedActivity = (payload: unknown) => createActivity((payload as QueuedActivity).record);

export function useCreateActivity() {
  const qc = useQueryClient();
  // "always": offline, the request runs and fails at once, so the record
  // is queued as a draft instead of the mutation waiting paused.
  return useMutation({
    mutationFn: createActivity,
    networkMode: "always",
    onSuccess: () => Promise.all(ACTIVITY_REFRESHES.map((queryKey) => qc.invalidateQueries({ queryKey }))),
  });
}
