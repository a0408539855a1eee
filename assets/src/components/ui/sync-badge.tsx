import type { Draft } from "@/lib/drafts";

// The sync state of one draft: saved on this device, waiting for the
// network, or refused with the server's reason.

const look = {
  saved: "bg-slate-200 text-slate-900",
  pending: "bg-amber-200 text-amber-950",
  failed: "bg-red-200 text-red-950",
};
const words = { saved: "Draft saved", pending: "Pending sync", failed: "Sync failed" };

export function SyncBadge({ draft }: { draft?: Draft }) {
  if (!draft) return null;
  return (
    <span role="status" data-sync={draft.status} className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${look[draft.status]}`}>
      {words[draft.status]}
      {draft.status === "failed" && draft.error ? `: ${draft.error}` : ""}
    </span>
  );
}
