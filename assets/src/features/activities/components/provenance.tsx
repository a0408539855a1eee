import type { StoredEmission } from "@/features/activities/api/activities";
import { scopeLabel } from "@/features/activities/components/scope-label";

// Where each stored figure came from: the factor row (set, id, source),
// the GWP set and the calculator that applied it.

export function provenanceText(e: StoredEmission): string {
  return [scopeLabel(e), e.factor.set, e.factor.id, e.factor.source ?? "", e.gwp, `${e.calculator.name} ${e.calculator.version}`, e.tier].join(" | ");
}

export function Provenance({ emissions }: { emissions: StoredEmission[] }) {
  return (
    <ul className="space-y-1 text-xs text-slate-800" data-testid="provenance">
      {emissions.map((e, i) => (
        <li key={i} className="max-w-md break-words">
          <span className="font-semibold">{scopeLabel(e)}</span> · set <span className="font-medium">{e.factor.set}</span> · <code>{e.factor.id}</code> · {e.factor.source ?? "no source"} · GWP {e.gwp} ·{" "}
          {e.calculator.name} {e.calculator.version} · {e.tier}
        </li>
      ))}
    </ul>
  );
}
