// "Scope 2 (market)", "Scope 3 cat. 3": how a result's place is named.
export function scopeLabel(r: { scope: number; method?: string | null; scope3_category?: number | null }): string {
  if (r.scope === 2 && r.method) return `Scope 2 (${r.method})`;
  if (r.scope === 3 && r.scope3_category) return `Scope 3 cat. ${r.scope3_category}`;
  return `Scope ${r.scope}`;
}

/** "co2_kg" → "CO2", "r-410a_kg" → "R-410A". */
export function gasLabel(key: string): string {
  return key.replace(/_kg$/, "").toUpperCase();
}
