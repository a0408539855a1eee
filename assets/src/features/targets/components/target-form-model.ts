import type { Target } from "@/features/targets/api/get-targets";
import type { TargetInput } from "@/features/targets/api/post-target";

// The target form as typed (strings), checked as the host checks it
// (host/api_targets.c) before anything is sent.

export type TargetForm = {
  name: string;
  scopes: string;
  kind: string;
  ambition: string;
  base_year: string;
  target_year: string;
  reduction_pct: string;
  coverage_pct: string;
  base_emissions_t: string;
};

export const TARGET_FIELDS = Object.keys({
  name: 0,
  scopes: 0,
  kind: 0,
  ambition: 0,
  base_year: 0,
  target_year: 0,
  reduction_pct: 0,
  coverage_pct: 0,
  base_emissions_t: 0,
} satisfies Record<keyof TargetForm, 0>) as (keyof TargetForm)[];

export const EMPTY_TARGET: TargetForm = {
  name: "",
  scopes: "1+2",
  kind: "near_term",
  ambition: "1.5C",
  base_year: "",
  target_year: "",
  reduction_pct: "",
  coverage_pct: "",
  base_emissions_t: "",
};

export function fromTarget(t: Target): TargetForm {
  return {
    name: t.name,
    scopes: t.scopes,
    kind: t.kind,
    ambition: t.ambition ?? "",
    base_year: String(t.base_year),
    target_year: String(t.target_year),
    reduction_pct: String(t.reduction_pct),
    coverage_pct: String(t.coverage_pct),
    base_emissions_t: t.base_emissions_t === null ? "" : String(t.base_emissions_t),
  };
}

const num = (s: string) => (s.trim() === "" ? NaN : Number(s));
const isYear = (s: string) => /^\d{4}$/.test(s.trim()) && num(s) >= 2000 && num(s) <= 2100;

export function checkTarget(f: TargetForm): Record<string, string> {
  const e: Record<string, string> = {};
  if (!f.name.trim()) e.name = "Enter a name";
  else if (new TextEncoder().encode(f.name.trim()).length > 200) e.name = "At most 200 bytes";
  if (!["1+2", "3", "1+2+3"].includes(f.scopes)) e.scopes = "Choose the scopes";
  if (!isYear(f.base_year)) e.base_year = "Enter a year from 2000 to 2100";
  if (!isYear(f.target_year)) e.target_year = "Enter a year from 2000 to 2100";
  else if (!e.base_year && num(f.target_year) <= num(f.base_year)) e.target_year = "The target year must be after the base year";
  const r = num(f.reduction_pct);
  if (!(r > 0 && r <= 100)) e.reduction_pct = "Enter a reduction above 0 and at most 100 %";
  if (f.coverage_pct.trim() !== "") {
    const c = num(f.coverage_pct);
    if (!(c > 0 && c <= 100)) e.coverage_pct = "Enter a coverage above 0 and at most 100 %";
  }
  if (f.base_emissions_t.trim() !== "") {
    const b = num(f.base_emissions_t);
    if (!(b >= 0 && b <= 1e12)) e.base_emissions_t = "Enter tonnes, 0 or more";
  }
  return e;
}

/** The body to send (checked first); empty optional fields are left out. */
export function toTargetInput(f: TargetForm): TargetInput {
  return {
    name: f.name.trim(),
    scopes: f.scopes as TargetInput["scopes"],
    kind: (f.kind || "near_term") as TargetInput["kind"],
    base_year: Number(f.base_year),
    target_year: Number(f.target_year),
    reduction_pct: Number(f.reduction_pct),
    ...(f.ambition ? { ambition: f.ambition as NonNullable<TargetInput["ambition"]> } : {}),
    ...(f.coverage_pct.trim() ? { coverage_pct: Number(f.coverage_pct) } : {}),
    ...(f.base_emissions_t.trim() ? { base_emissions_t: Number(f.base_emissions_t) } : {}),
  };
}
