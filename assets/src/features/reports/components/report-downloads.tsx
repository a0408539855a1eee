import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorPanel, Loading } from "@/components/ui/status";
import { useFrameworks } from "@/features/reports/api/frameworks";
import { useDownloadReport, type ReportFormat } from "@/features/reports/api/report";

const FORMATS: ReportFormat[] = ["json", "csv"];

// One row per loaded framework: its report for the year as JSON or CSV.
export function ReportDownloads({ year }: { year: number }) {
  const fw = useFrameworks();
  const dl = useDownloadReport();
  const title = `Framework reports for ${year}`;
  if (fw.isPending) return <Card title={title}><Loading what="Loading frameworks" /></Card>;
  if (fw.isError) return <Card title={title}><ErrorPanel error={fw.error} retry={() => void fw.refetch()} /></Card>;

  const busy = (framework: string, format: ReportFormat) =>
    dl.isPending && dl.variables?.framework === framework && dl.variables.format === format;
  return (
    <Card title={title}>
      {fw.data.length === 0 && <p className="text-sm text-slate-700">No framework plugin is loaded.</p>}
      <ul className="divide-y divide-slate-200">
        {fw.data.map((f) => (
          <li key={f.name} className="flex flex-wrap items-center gap-3 py-2">
            <div className="min-w-0 flex-1">
              <p className="font-medium text-slate-900">{f.name.toUpperCase()}</p>
              {f.description && <p className="text-sm text-slate-700">{f.description}</p>}
            </div>
            {FORMATS.map((format) => (
              <Button
                key={format}
                variant="secondary"
                disabled={busy(f.name, format)}
                aria-label={`Download ${f.name.toUpperCase()} ${year} report as ${format.toUpperCase()}`}
                onClick={() => dl.mutate({ framework: f.name, year, format })}
              >
                {format.toUpperCase()}
              </Button>
            ))}
          </li>
        ))}
      </ul>
      {dl.isError && dl.variables && (
        <p role="alert" className="mt-2 text-sm font-medium text-red-700">
          The {dl.variables.framework.toUpperCase()} {dl.variables.format.toUpperCase()} report could not be downloaded: {dl.error.message}
        </p>
      )}
    </Card>
  );
}
