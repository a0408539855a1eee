import { useEffect, useSyncExternalStore } from "react";
import { listDrafts, subscribeDrafts, syncDrafts, type Draft } from "@/lib/drafts";

export function useDrafts(): Draft[] {
  return useSyncExternalStore(subscribeDrafts, listDrafts, listDrafts);
}

/** Sends pending drafts at start and whenever the browser comes back online. */
export function useDraftSync() {
  useEffect(() => {
    const run = () => void syncDrafts();
    run();
    window.addEventListener("online", run);
    return () => window.removeEventListener("online", run);
  }, []);
}
