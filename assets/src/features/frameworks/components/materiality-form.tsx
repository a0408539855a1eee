import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/status";
import { ApiError } from "@/lib/api-client";
import type { Materiality, TopicAssessment } from "@/features/frameworks/api/get-materiality";
import { useSaveMateriality } from "@/features/frameworks/api/put-materiality";

// The double-materiality grid: each ESRS topic against the impact and the
// financial perspective, with the rationale.  Read only for viewers.

export type Topic = { id: string; title: string };
type Rows = Record<string, TopicAssessment>;

export const RATIONALE_MAX = 5000;

export function initialRows(topics: Topic[], m: Materiality | null): Rows {
  return Object.fromEntries(topics.map((t) => [t.id, { impact: false, financial: false, rationale: "", ...(m?.topics[t.id] ?? {}) }]));
}

export function checkRows(rows: Rows): Record<string, string> {
  const e: Record<string, string> = {};
  for (const [id, r] of Object.entries(rows))
    if (new TextEncoder().encode(r.rationale ?? "").length > RATIONALE_MAX) e[id] = `Rationale: at most ${RATIONALE_MAX} bytes`;
  return e;
}

const yes = (b: boolean) => (b ? "Yes" : "No");
const cell = "px-2 py-1 align-top";

export function MaterialityForm({ year, topics, initial, canWrite }: { year: number; topics: Topic[]; initial: Materiality | null; canWrite: boolean }) {
  const [rows, setRows] = useState<Rows>(() => initialRows(topics, initial));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const save = useSaveMateriality();
  const set = (id: string, patch: Partial<TopicAssessment>) => {
    setRows({ ...rows, [id]: { ...rows[id], ...patch } });
    setSaved(false);
  };

  const send = async () => {
    setFailure(null);
    try {
      await save.mutateAsync({ year, topics: rows });
      setSaved(true);
    } catch (e) {
      if (e instanceof ApiError && !e.isServer && !e.isNetwork) {
        const id = e.field?.match(/^topics\.(.+)$/)?.[1];
        setErrors(id && rows[id] ? { [id]: e.message } : { _form: e.message });
      } else setFailure(e);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = checkRows(rows);
    setErrors(found);
    if (!Object.keys(found).length) void send();
  };

  return (
    <form onSubmit={submit} noValidate aria-label={`Double materiality ${year}`}>
      <div className="overflow-x-auto">
        <table className="min-w-full text-left text-sm">
          <caption className="sr-only">Double materiality assessment for {year}</caption>
          <thead className="border-b border-slate-300 text-slate-700">
            <tr>
              <th scope="col" className={cell}>Topic</th>
              <th scope="col" className={cell}>Impact material</th>
              <th scope="col" className={cell}>Financially material</th>
              <th scope="col" className={cell}>Rationale</th>
              <th scope="col" className={cell}>Result</th>
            </tr>
          </thead>
          <tbody>
            {topics.map((t) => {
              const r = rows[t.id];
              const material = r.impact || r.financial;
              return (
                <tr key={t.id} className="border-b border-slate-200" data-topic={t.id}>
                  <th scope="row" className={`${cell} font-medium text-slate-900`}>
                    {t.id} {t.title}
                  </th>
                  <td className={cell}>
                    {canWrite ? <input type="checkbox" className="h-4 w-4 accent-emerald-700" aria-label={`${t.id} impact material`} checked={r.impact} onChange={(e) => set(t.id, { impact: e.target.checked })} /> : yes(r.impact)}
                  </td>
                  <td className={cell}>
                    {canWrite ? <input type="checkbox" className="h-4 w-4 accent-emerald-700" aria-label={`${t.id} financially material`} checked={r.financial} onChange={(e) => set(t.id, { financial: e.target.checked })} /> : yes(r.financial)}
                  </td>
                  <td className={cell}>
                    {canWrite ? (
                      <input
                        className="w-full min-w-48 rounded border border-slate-500 px-2 py-1 focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-700 aria-[invalid=true]:border-red-700"
                        aria-label={`${t.id} rationale`}
                        aria-invalid={!!errors[t.id]}
                        value={r.rationale ?? ""}
                        onChange={(e) => set(t.id, { rationale: e.target.value })}
                      />
                    ) : (
                      <span className="text-slate-700">{r.rationale || "—"}</span>
                    )}
                    {errors[t.id] && (
                      <p role="alert" className="mt-1 text-xs font-medium text-red-700">
                        {errors[t.id]}
                      </p>
                    )}
                  </td>
                  <td className={`${cell} ${material ? "text-emerald-800" : "text-slate-700"}`}>{material ? "Material" : "Not material"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {errors._form && (
        <p role="alert" className="mt-2 text-sm font-medium text-red-700">
          {errors._form}
        </p>
      )}
      {failure !== null && <ErrorPanel error={failure} retry={() => void send()} />}
      {canWrite && (
        <div className="mt-3 flex items-center gap-2">
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save assessment"}
          </Button>
          {saved && (
            <span role="status" className="text-sm text-emerald-800">
              Assessment saved for {year}.
            </span>
          )}
        </div>
      )}
    </form>
  );
}
