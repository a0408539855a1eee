const tonnes = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });
const kg = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 });
const pct = new Intl.NumberFormat("en-GB", { style: "percent", maximumFractionDigits: 0 });

export const fmtTonnes = (t: number) => `${tonnes.format(t)} t`;
export const fmtKg = (v: number) => `${kg.format(v)} kg`;
export const fmtPct = (v: number) => pct.format(v);
export const fmtNumber = (v: number) => kg.format(v);
