import { useEffect, useSyncExternalStore } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { listDrafts, senderRefreshes, subscribeDrafts, syncDrafts, type Draft } from "@/lib/drafts";

export function useDrafts(): Draft[] {
  return useSyncExternalStore(subscribeDrafts, listDrafts, listDrafts);
}

/**
 * Sends pending drafts at start and whenever the browser comes back
 * online; when any was delivered, refetches what the senders name.
 */
export function useDraftSync() {
  const qc = useQueryClient();
  useEffect(() => {
    const run = () =>
      void syncDrafts().then((sent) => {
        if (sent > 0) for (const queryKey of senderRefreshes()) void qc.invalidateQueries({ queryKey });
      });
    run();
    window.addEventListener("online", run);
    return () => window.removeEventListener("online", run);
  }, [qc]);
}
