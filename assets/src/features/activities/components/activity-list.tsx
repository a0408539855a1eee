import { useState } from "react";
import { Card } from "@/components/ui/card";
import { Confirm } from "@/components/ui/confirm";
import { DataTable } from "@/components/ui/data-table";
import { ErrorPanel, Loading } from "@/components/ui/status";
import { useActivities, type Activity } from "@/features/activities/api/activities";
import { useDeleteActivity } from "@/features/activities/api/delete-activity";
import { useFacilities } from "@/features/activities/api/facilities";
import { activityColumns } from "@/features/activities/components/activity-columns";
import { ActivityFilters } from "@/features/activities/components/activity-filters";
import { Pager } from "@/features/activities/components/pager";
import { PAGE_SIZE, useActivityFilters } from "@/features/activities/components/use-activity-filters";

// The stored activities of the year, filtered and paged by the URL, each
// with the provenance of its figures; editors delete after confirming.

export function ActivityList({ canWrite, categories }: { canWrite: boolean; categories: string[] }) {
  const f = useActivityFilters();
  const facilities = useFacilities().data ?? [];
  const q = useActivities({ year: f.year, category: f.category || undefined, facility_id: f.facility || undefined, limit: PAGE_SIZE, offset: (f.page - 1) * PAGE_SIZE });
  const del = useDeleteActivity();
  const [doomed, setDoomed] = useState<Activity | null>(null);
  const name = (id: string | null) => (id ? (facilities.find((x) => x.id === id)?.name ?? id) : "—");
  const columns = activityColumns(name, canWrite ? setDoomed : undefined);

  const confirm = () => {
    if (doomed) del.mutate(doomed.id);
    setDoomed(null);
  };

  return (
    <Card title={`Activities in ${f.year}`}>
      <ActivityFilters categories={categories} facilities={facilities} category={f.category} facility={f.facility} onChange={f.set} />
      <div className="mt-3">
        {q.isError ? (
          <ErrorPanel error={q.error} retry={() => void q.refetch()} />
        ) : !q.data ? (
          <Loading what="Loading activities" />
        ) : q.data.total === 0 ? (
          <p className="text-sm text-slate-700">No activities match these filters.</p>
        ) : (
          <>
            <DataTable caption={`Activities in ${f.year}`} file={`activities-${f.year}.csv`} columns={columns} rows={q.data.activities} rowKey={(a) => a.id} />
            <Pager page={f.page} total={q.data.total} size={PAGE_SIZE} onPage={(p) => f.set("page", String(p))} />
          </>
        )}
        {del.isError && <ErrorPanel error={del.error} />}
      </div>
      <Confirm
        open={doomed !== null}
        title="Delete this activity?"
        body={doomed ? `${doomed.activity}, ${doomed.quantity} ${doomed.unit} (${doomed.period_start} to ${doomed.period_end}) and its emissions will be deleted.` : ""}
        confirm="Delete"
        onConfirm={confirm}
        onCancel={() => setDoomed(null)}
      />
    </Card>
  );
}
