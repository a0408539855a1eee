// A framework's completeness as an accessible meter with its percentage in
// words; data-value carries the exact 0..1 figure the host answered.

export function percentText(value: number): string {
  const p = value * 100;
  return `${p > 0 && p < 10 ? p.toFixed(1) : Math.round(p)} %`;
}

export function ReadinessGauge({ id, name, value }: { id: string; name: string; value: number }) {
  const pct = Math.max(0, Math.min(100, value * 100));
  return (
    <div>
      <div className="flex items-baseline justify-between">
        <span className="text-sm text-slate-700">Completeness</span>
        <span className="text-2xl font-semibold tabular-nums text-slate-900">{percentText(value)}</span>
      </div>
      <div
        role="meter"
        aria-label={`${name} readiness`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(pct * 10) / 10}
        aria-valuetext={`${percentText(value)} complete`}
        data-testid={`readiness-${id}`}
        data-value={value}
        className="mt-1 h-3 w-full overflow-hidden rounded-full border border-slate-400 bg-slate-100"
      >
        <div className="h-full bg-emerald-700" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
