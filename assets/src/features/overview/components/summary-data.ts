import type { Facility } from "@/features/overview/api/get-facilities";
import type { FacilityTotals, Intensity, ScopeColumns, Source, Summary } from "@/features/overview/api/get-summary";

// Pure shaping of a summary into what the tiles, charts and tables show.

export type ScopeKey = keyof ScopeColumns;

/** The scopes as charted: scope 2 location-based, so they add up to totals.location. */
export const CHART_SCOPES: { key: ScopeKey; label: string; color: string }[] = [
  { key: "scope1", label: "Scope 1", color: "#047857" }, // emerald-700
  { key: "scope2_location", label: "Scope 2 (location)", color: "#0369a1" }, // sky-700
  { key: "scope3", label: "Scope 3", color: "#b45309" }, // amber-700
];

export const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export type Slice = { key: ScopeKey; label: string; color: string; value: number };

export function scopeSlices(s: ScopeColumns): Slice[] {
  return CHART_SCOPES.map((c) => ({ ...c, value: s[c.key] ?? 0 }));
}

export type MonthRow = ScopeColumns & { month: number; label: string };

/** Twelve months, January first; a month without rows is all zeros. */
export function monthlyRows(s: Pick<Summary, "by_month">): MonthRow[] {
  return MONTHS.map((label, i) => {
    const m = s.by_month?.[String(i + 1).padStart(2, "0")];
    return {
      month: i + 1,
      label,
      scope1: m?.scope1 ?? 0,
      scope2_location: m?.scope2_location ?? 0,
      scope2_market: m?.scope2_market ?? 0,
      scope3: m?.scope3 ?? 0,
    };
  });
}

/**
 * Change in percent from the previous year's total to this one's; null
 * when there is nothing to compare with (no previous total).
 */
export function changePct(current: number, previous: number | undefined | null): number | null {
  if (previous === undefined || previous === null || !Number.isFinite(previous) || previous === 0) return null;
  return ((current - previous) / Math.abs(previous)) * 100;
}

export const locationTotal = (c: ScopeColumns) => c.scope1 + c.scope2_location + c.scope3;
export const marketTotal = (c: ScopeColumns) => c.scope1 + c.scope2_market + c.scope3;

export const NO_FACILITY = "Not assigned to a facility";

export type FacilityRow = FacilityTotals & { location: number; market: number };

/**
 * Every facility of the company (those without emissions at zero) and
 * every facility the summary names, largest location-based total first.
 */
export function facilityRows(s: Pick<Summary, "by_facility">, facilities: Facility[]): FacilityRow[] {
  const byId = new Map<string | null, FacilityTotals>();
  for (const f of s.by_facility ?? []) byId.set(f.facility_id ?? null, f);
  const out: FacilityRow[] = [];
  const add = (t: FacilityTotals) => out.push({ ...t, location: locationTotal(t), market: marketTotal(t) });
  for (const f of facilities) {
    const t = byId.get(f.id);
    byId.delete(f.id);
    add({ facility_id: f.id, name: f.name, scope1: t?.scope1 ?? 0, scope2_location: t?.scope2_location ?? 0, scope2_market: t?.scope2_market ?? 0, scope3: t?.scope3 ?? 0 });
  }
  for (const t of byId.values()) add({ ...t, name: t.facility_id ? t.name : NO_FACILITY });
  return out.sort((a, b) => b.location - a.location || a.name.localeCompare(b.name));
}

/** "stationary_combustion" → "Stationary combustion". */
export function humanize(category: string): string {
  const s = category.replace(/_/g, " ").trim();
  return s ? s[0].toUpperCase() + s.slice(1) : category;
}

export type SourceRow = Source & { label: string };

/** The ten largest sources by location-based tonnes, labelled. */
export function topSources(sources: Source[] | undefined, n = 10): SourceRow[] {
  return [...(sources ?? [])]
    .sort((a, b) => b.location_t - a.location_t)
    .slice(0, n)
    .map((x) => ({ ...x, label: `${humanize(x.category)} · ${x.facility_id ? (x.name ?? x.facility_id) : NO_FACILITY}` }));
}

const KIND_ORDER = ["revenue", "fte", "floor_area"];
const KIND_LABEL: Record<string, string> = { revenue: "revenue", fte: "FTE", floor_area: "floor area" };

export type IntensityRow = Intensity & { kind: string; label: string };

export function intensityRows(intensity: Record<string, Intensity> | undefined): IntensityRow[] {
  const rank = (k: string) => (KIND_ORDER.includes(k) ? KIND_ORDER.indexOf(k) : KIND_ORDER.length);
  return Object.entries(intensity ?? {})
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([kind, v]) => ({ ...v, kind, label: KIND_LABEL[kind] ?? humanize(kind) }));
}
