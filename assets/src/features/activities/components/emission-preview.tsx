import type { ReactNode } from "react";
import { ErrorPanel } from "@/components/ui/status";
import { fmtKg } from "@/lib/format";
import type { ActivityRecord } from "@/features/activities/api/calculate";
import { useCalculate } from "@/features/activities/api/calculate";
import { totalKg } from "@/features/activities/components/form-model";
import { ResultDetails } from "@/features/activities/components/result-details";

// The live preview: POST /api/calculate for the record as typed (already
// debounced by the caller), nothing stored.

function Total({ kg, market }: { kg: number; market: number | null }) {
  return (
    <p className="text-base">
      <span className="font-semibold text-slate-900" data-testid="preview-co2e" data-value={kg}>
        {fmtKg(kg)} CO2e
      </span>
      {market !== null && <span className="text-slate-700"> location-based; market-based {fmtKg(market)}</span>}
    </p>
  );
}

export function EmissionPreview({ record }: { record: ActivityRecord | null }) {
  const q = useCalculate(record);
  let body: ReactNode;
  if (!record) body = <p className="text-slate-700">Fill in the required fields to see the emissions before saving.</p>;
  else if (q.isError) {
    const e = q.error as { isNetwork?: boolean; isServer?: boolean; message: string; field?: string };
    body = e.isServer ? (
      <ErrorPanel error={q.error} retry={() => void q.refetch()} />
    ) : e.isNetwork ? (
      <p className="text-slate-800">No preview offline. Saving keeps the activity on this device and sends it when the network returns.</p>
    ) : (
      <p className="font-medium text-red-800">
        {e.field ? `${e.field}: ` : ""}
        {e.message}
      </p>
    );
  } else if (!q.data) body = <p className="text-slate-700">Calculating…</p>;
  else {
    const market = q.data.some((r) => r.method === "market") ? q.data.filter((r) => r.method !== "location").reduce((s, r) => s + r.co2e_kg, 0) : null;
    body = (
      <div className="space-y-2">
        <Total kg={totalKg(q.data)} market={market} />
        {q.data.map((r, i) => (
          <ResultDetails key={i} r={r} />
        ))}
      </div>
    );
  }
  return (
    <section aria-label="Preview" aria-live="polite" aria-busy={q.isFetching} className="space-y-2 rounded-lg border border-emerald-300 bg-emerald-50/40 p-3 text-sm">
      <h3 className="font-semibold text-emerald-900">Preview (not saved)</h3>
      {body}
    </section>
  );
}
