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

// Two syncs may overlap (the "online" event and a page mount): a
// submission is sent once, and one already delivered is not sent again.
const delivered = new Set<string>();
const inFlight = new Map<string, Promise<unknown>>();
let client: QueryClient | undefined;

function refresh(qc: QueryClient | undefined) {
  void qc?.invalidateQueries({ queryKey: ["activities"] });
  void qc?.invalidateQueries({ queryKey: ["emissions"] });
}

export function sendQueuedActivity(payload: unknown): Promise<unknown> {
  const p = payload as QueuedActivity;
  if (delivered.has(p.key)) return Promise.resolve();
  let run = inFlight.get(p.key);
  if (!run) {
    run = createActivity(p.record)
      .then((r) => {
        delivered.add(p.key);
        refresh(client);
        return r;
      })
      .finally(() => inFlight.delete(p.key));
    inFlight.set(p.key, run);
  }
  return run;
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
