import { useSearchParams } from "react-router-dom";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorPanel } from "@/components/ui/status";
import { ApiError } from "@/lib/api-client";
import { useCanWrite } from "@/lib/use-session";
import { useYear } from "@/lib/use-year";
import { useCalculatorFields } from "@/features/imports/api/calculator-fields";
import { useDownloadTemplate } from "@/features/imports/api/template";
import { useUploadImport } from "@/features/imports/api/upload-import";
import { ColumnMapping } from "@/features/imports/components/column-mapping";
import { mappingProblems, OPTIONAL_COLUMNS, REQUIRED_COLUMNS, rewriteCsv } from "@/features/imports/components/csv-mapping";
import { FilePicker } from "@/features/imports/components/file-picker";
import { JobView } from "@/features/imports/components/job-view";
import { useChosenFile } from "@/features/imports/components/use-chosen-file";

// Import: choose a CSV, map its columns, upload it, watch the job (its id
// in the URL, so a reload keeps watching) and see the rejected rows.

export function ImportPage() {
  const canWrite = useCanWrite();
  const [year] = useYear();
  const [params, setParams] = useSearchParams();
  const jobId = params.get("job");
  const extra = useCalculatorFields().data ?? [];
  const targets = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS, ...extra.filter((f) => !OPTIONAL_COLUMNS.includes(f))];
  const file = useChosenFile(targets);
  const upload = useUploadImport();
  const template = useDownloadTemplate();
  const setJob = (id: string | null) =>
    setParams((p) => {
      if (id) p.set("job", id);
      else p.delete("job");
      return p;
    });

  const start = async () => {
    if (!file.chosen) return;
    const job = await upload.mutateAsync({ csv: rewriteCsv(file.chosen.text, file.mapping), key: file.chosen.key }).catch(() => null);
    if (job) {
      file.clear();
      setJob(job.id);
    }
  };
  const again = () => {
    upload.reset();
    file.clear();
    setJob(null);
  };
  const blocked = (() => {
    const p = mappingProblems(file.mapping);
    return p.missing.length > 0 || p.twice.length > 0;
  })();
  const err = upload.error;
  const refused = err instanceof ApiError && !err.isNetwork && !err.isServer;

  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold text-slate-900">Import activities</h1>
      <Card title="1. Choose a CSV file" actions={<Button variant="secondary" onClick={() => void template()}>Download template</Button>}>
        {canWrite ? (
          <FilePicker onFile={(f) => void file.choose(f)} disabled={upload.isPending} />
        ) : (
          <p className="text-sm text-slate-800">Importing needs the editor role or above; you can still download the template.</p>
        )}
        <p className="mt-2 text-xs text-slate-700">Required columns: {REQUIRED_COLUMNS.join(", ")}. Dates as YYYY-MM-DD.</p>
        {file.problem && (
          <p role="alert" className="mt-2 text-sm font-medium text-red-700">
            {file.problem}
          </p>
        )}
      </Card>
      {file.chosen && !jobId && (
        <Card title={`2. Map the columns of ${file.chosen.name}`}>
          <ColumnMapping columns={file.chosen.columns} sample={file.chosen.sample} targets={targets} mapping={file.mapping} onChange={file.setMapping} />
          {err && refused && (
            <p role="alert" className="mt-2 text-sm font-medium text-red-700">
              {err.message}
            </p>
          )}
          {err && !refused && <ErrorPanel error={err} retry={() => void start()} />}
          <div className="mt-3 flex gap-2">
            <Button onClick={() => void start()} disabled={blocked || upload.isPending}>
              {upload.isPending ? "Uploading…" : "Upload"}
            </Button>
            <Button variant="secondary" onClick={again}>
              Cancel
            </Button>
          </div>
        </Card>
      )}
      {jobId && (
        <Card title="3. Import" actions={<Button variant="secondary" onClick={again}>Import another file</Button>}>
          <JobView id={jobId} year={year} />
        </Card>
      )}
    </div>
  );
}
