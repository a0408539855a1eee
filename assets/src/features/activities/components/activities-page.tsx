import { ErrorPanel, Loading } from "@/components/ui/status";
import { useCanWrite } from "@/lib/use-session";
import { useYear } from "@/lib/use-year";
import { useCalculators } from "@/features/activities/api/calculators";
import { ActivityForm } from "@/features/activities/components/activity-form";
import { ActivityList } from "@/features/activities/components/activity-list";

// Activities: the form (editors and above) and the list (everyone).

export function ActivitiesPage() {
  const canWrite = useCanWrite();
  const [year] = useYear();
  const calcs = useCalculators();
  const categories = calcs.data?.map((c) => c.category) ?? [];
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold text-slate-900">Activities</h1>
      {canWrite &&
        (calcs.isError ? (
          <ErrorPanel error={calcs.error} retry={() => void calcs.refetch()} />
        ) : !calcs.data ? (
          <Loading what="Loading the calculators" />
        ) : calcs.data.length ? (
          <ActivityForm calculators={calcs.data} year={year} />
        ) : (
          <p className="text-sm text-slate-700">No calculator is loaded: activities cannot be added.</p>
        ))}
      <ActivityList canWrite={canWrite} categories={categories} />
    </div>
  );
}
