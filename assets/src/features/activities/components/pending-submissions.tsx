import { Button } from "@/components/ui/button";
import { SyncBadge } from "@/components/ui/sync-badge";
import { removeDraft, type Draft } from "@/lib/drafts";
import { useDrafts } from "@/lib/use-drafts";
import { ACTIVITY_DRAFT_KIND, type QueuedActivity } from "@/features/activities/api/create-activity";

// Submissions kept on this device: waiting for the network (pending) or
// refused by the server when they were sent (failed, with the reason; the
// user edits them back in the form or discards them).

export function PendingSubmissions({ onEdit }: { onEdit: (d: Draft<QueuedActivity>) => void }) {
  // A draft from an older version of this screen, without its record, is skipped, not fatal.
  const drafts = useDrafts().filter((d) => d.kind === ACTIVITY_DRAFT_KIND && (d.payload as Partial<QueuedActivity>)?.record) as Draft<QueuedActivity>[];
  if (!drafts.length) return null;
  return (
    <section aria-label="Unsynced activities" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm">
      <h3 className="font-semibold text-slate-900">Kept on this device</h3>
      <ul className="mt-2 space-y-2">
        {drafts.map((d) => {
          const r = d.payload.record;
          const what = `${r.activity}, ${r.quantity} ${r.unit}, ${r.period_start} to ${r.period_end}`;
          return (
            <li key={d.key} className="flex flex-wrap items-center gap-2">
              <SyncBadge draft={d} />
              <span className="text-slate-900">
                {r.category}: {what}
              </span>
              {d.status === "failed" && (
                <>
                  <Button variant="secondary" aria-label={`Edit ${what}`} onClick={() => onEdit(d)}>
                    Edit
                  </Button>
                  <Button variant="secondary" aria-label={`Discard ${what}`} onClick={() => removeDraft(d.key)}>
                    Discard
                  </Button>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
