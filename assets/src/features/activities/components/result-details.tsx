import type { ReactNode } from "react";
import { fmtKg } from "@/lib/format";
import type { CalcResult } from "@/features/activities/api/calculate";
import { gasLabel, scopeLabel } from "@/features/activities/components/scope-label";

// One result of a calculation: its CO2e, the gases and the factor row it
// came from (set, id, value, unit, source, GWP set).

const kgGas = new Intl.NumberFormat("en-GB", { maximumSignificantDigits: 4 });

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_1fr] gap-2">
      <dt className="font-medium text-slate-800">{term}</dt>
      <dd className="break-words text-slate-900">{children}</dd>
    </div>
  );
}

export function ResultDetails({ r }: { r: CalcResult }) {
  const gases = Object.entries(r.gases ?? {});
  return (
    <div className="rounded border border-slate-300 p-3 text-sm">
      <p className="font-semibold text-slate-900">
        {scopeLabel(r)}: {fmtKg(r.co2e_kg)} CO2e
      </p>
      <dl className="mt-2 space-y-1">
        <Row term="Gases">{gases.length ? gases.map(([k, v]) => `${gasLabel(k)} ${kgGas.format(v)} kg`).join(" · ") : "not split by gas"}</Row>
        <Row term="Factor">
          {r.factor.value} kg CO2e per {r.factor.unit}
        </Row>
        <Row term="Factor set">{r.factor.set}</Row>
        <Row term="Factor id">
          <code className="text-xs">{r.factor.id}</code>
        </Row>
        <Row term="Source">{r.factor.source ?? "—"}</Row>
        <Row term="GWP">{r.factor.gwp && r.factor.gwp !== r.gwp ? `${r.gwp} (row published in ${r.factor.gwp})` : r.gwp}</Row>
        {!!r.biogenic_co2_kg && <Row term="Biogenic CO2">{fmtKg(r.biogenic_co2_kg)} (outside the scopes)</Row>}
        {r.note && <Row term="Arithmetic">{r.note}</Row>}
      </dl>
    </div>
  );
}
