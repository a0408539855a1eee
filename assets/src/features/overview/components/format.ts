// Number formats of the overview (beyond lib/format.ts).

const sig = new Intl.NumberFormat("en-GB", { maximumSignificantDigits: 3 });
const one = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1, minimumFractionDigits: 1 });

/** Small ratios keep their first three significant digits: 0.000123. */
export const fmtRatio = (v: number) => sig.format(v);

/** +12.3 % / −4.0 % (a real minus sign). */
export function fmtChange(pct: number): string {
  const s = one.format(Math.abs(pct));
  return `${pct > 0 ? "+" : pct < 0 ? "\u2212" : ""}${s} %`;
}

/** Tonnes with three decimals for tables and CSV (exact enough to check). */
export const tonnes3 = (v: number) => Math.round(v * 1000) / 1000;
