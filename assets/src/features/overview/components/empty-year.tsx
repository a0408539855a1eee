import { Link } from "react-router-dom";
import { Card } from "@/components/ui/card";
import { useCanWrite } from "@/lib/use-session";

// A year without a single activity: where to put some in (for those who
// may; viewers and auditors are told who can).

const link = "rounded bg-emerald-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-emerald-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700";

export function EmptyYear({ year }: { year: number }) {
  const canWrite = useCanWrite();
  if (!canWrite)
    return (
      <Card title={`No emissions recorded for ${year} yet`}>
        <p className="text-sm text-slate-700">The overview fills in once an editor adds activities or imports them from a CSV file.</p>
      </Card>
    );
  return (
    <Card title={`No emissions recorded for ${year} yet`}>
      <p className="text-sm text-slate-700">
        The overview fills in as activity data arrives: enter fuel, electricity, travel and other activities one by one, or import a whole year from a CSV file.
      </p>
      <div className="mt-3 flex flex-wrap gap-2">
        <Link to={`/activities?year=${year}`} className={link}>
          Add activities
        </Link>
        <Link to={`/imports?year=${year}`} className={link}>
          Import a CSV
        </Link>
      </div>
    </Card>
  );
}
