import type { ReactNode } from "react";
import type { Summary } from "@/features/overview/api/get-summary";
import { changePct, intensityRows } from "@/features/overview/components/summary-data";
import { fmtChange, fmtRatio } from "@/features/overview/components/format";
import { fmtTonnes } from "@/lib/format";

// The headline numbers.  Each tile carries data-testid="kpi-<key>" and
// data-value, the raw number it shows (tonnes for the scope and total
// tiles), so a test compares it with the API exactly.

function Tile({ id, label, value, children, detail }: { id: string; label: string; value: number | null; children: ReactNode; detail?: ReactNode }) {
  return (
    <div data-testid={`kpi-${id}`} data-value={value ?? ""} className="rounded-lg border border-slate-300 bg-white p-3 shadow-sm">
      <dt className="text-sm font-medium text-slate-700">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{children}</dd>
      {detail && <dd className="mt-1 text-xs text-slate-700">{detail}</dd>}
    </div>
  );
}

function ChangeTile({ current, previous, year }: { current: number; previous: Summary | undefined; year: number }) {
  const hasPrev = !!previous && previous.rows > 0;
  const pct = hasPrev ? changePct(current, previous.totals.location) : null;
  if (pct === null)
    return (
      <Tile id="change" label={`Change from ${year - 1}`} value={null} detail={hasPrev ? `${year - 1} total was zero` : `No emissions recorded for ${year - 1}`}>
        <span className="text-slate-700">—</span>
      </Tile>
    );
  const word = pct > 0 ? "more" : pct < 0 ? "less" : "the same";
  return (
    <Tile id="change" label={`Change from ${year - 1}`} value={pct} detail={`${fmtTonnes(previous!.totals.location)} in ${year - 1} (location-based)`}>
      <span className={pct > 0 ? "text-red-800" : pct < 0 ? "text-emerald-800" : ""}>{fmtChange(pct)}</span>
      <span className="sr-only"> ({word})</span>
    </Tile>
  );
}

function IntensityTile({ summary }: { summary: Summary }) {
  const rows = intensityRows(summary.intensity);
  if (!rows.length)
    return (
      <Tile id="intensity" label="Intensity" value={null} detail={`Enter ${summary.year}'s revenue, FTE or floor area as a denominator to see tonnes per unit.`}>
        <span className="text-slate-700">—</span>
      </Tile>
    );
  const [first, ...rest] = rows;
  return (
    <Tile
      id="intensity"
      label={`Intensity per ${first.label}`}
      value={first.location}
      detail={
        <>
          {first.unit} (location); {fmtRatio(first.market)} market
          {rest.map((r) => (
            <span key={r.kind} className="block">
              {fmtRatio(r.location)} {r.unit}
            </span>
          ))}
        </>
      }
    >
      {fmtRatio(first.location)}
    </Tile>
  );
}

export function KpiTiles({ summary, previous }: { summary: Summary; previous: Summary | undefined }) {
  const s = summary;
  return (
    <section aria-labelledby="kpi-heading">
      <h2 id="kpi-heading" className="sr-only">
        Key figures for {s.year}, tonnes CO2e
      </h2>
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-7">
      <Tile id="scope1" label="Scope 1" value={s.scope1}>
        {fmtTonnes(s.scope1)}
      </Tile>
      <Tile id="scope2_location" label="Scope 2 (location)" value={s.scope2_location}>
        {fmtTonnes(s.scope2_location)}
      </Tile>
      <Tile id="scope2_market" label="Scope 2 (market)" value={s.scope2_market}>
        {fmtTonnes(s.scope2_market)}
      </Tile>
      <Tile id="scope3" label="Scope 3" value={s.scope3}>
        {fmtTonnes(s.scope3)}
      </Tile>
      <Tile id="total" label="Total (location)" value={s.totals.location} detail={`${fmtTonnes(s.totals.market)} market-based`}>
        {fmtTonnes(s.totals.location)}
      </Tile>
      <IntensityTile summary={s} />
      <ChangeTile current={s.totals.location} previous={previous} year={s.year} />
      </dl>
    </section>
  );
}
