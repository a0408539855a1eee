import { describe, expect, it } from "vitest";
import { checkTarget, EMPTY_TARGET, fromTarget, toTargetInput, type TargetForm } from "@/features/targets/components/target-form-model";

const ok: TargetForm = { ...EMPTY_TARGET, name: "Near-term", base_year: "2019", target_year: "2030", reduction_pct: "42" };

describe("target form validation", () => {
  it("accepts a complete target", () => {
    expect(checkTarget(ok)).toEqual({});
  });

  it("wants the target year after the base year", () => {
    expect(checkTarget({ ...ok, target_year: "2019" }).target_year).toBe("The target year must be after the base year");
    expect(checkTarget({ ...ok, target_year: "2010" }).target_year).toBe("The target year must be after the base year");
    expect(checkTarget({ ...ok, target_year: "2020" }).target_year).toBeUndefined();
  });

  it("wants a reduction in (0, 100]", () => {
    for (const bad of ["0", "-5", "100.5", "", "abc"]) expect(checkTarget({ ...ok, reduction_pct: bad }).reduction_pct, bad).toMatch(/above 0 and at most 100/);
    expect(checkTarget({ ...ok, reduction_pct: "100" })).toEqual({});
    expect(checkTarget({ ...ok, reduction_pct: "0.5" })).toEqual({});
  });

  it("checks years, name, coverage and base-year tonnes", () => {
    const e = checkTarget({ ...ok, name: "  ", base_year: "19", coverage_pct: "0", base_emissions_t: "-1" });
    expect(Object.keys(e).sort()).toEqual(["base_emissions_t", "base_year", "coverage_pct", "name"]);
    expect(checkTarget({ ...ok, base_year: "1999" }).base_year).toMatch(/2000 to 2100/);
  });

  it("sends numbers, and leaves out empty optional fields", () => {
    expect(toTargetInput({ ...ok, ambition: "", coverage_pct: " " })).toEqual({ name: "Near-term", scopes: "1+2", kind: "near_term", base_year: 2019, target_year: 2030, reduction_pct: 42 });
    expect(toTargetInput({ ...ok, coverage_pct: "95", base_emissions_t: "1200.5" })).toMatchObject({ ambition: "1.5C", coverage_pct: 95, base_emissions_t: 1200.5 });
  });

  it("round-trips a stored target", () => {
    const t = { id: "x", name: "T", scopes: "3" as const, kind: "long_term" as const, ambition: null, base_year: 2020, target_year: 2050, reduction_pct: 90, coverage_pct: 67, base_emissions_t: null };
    const f = fromTarget(t);
    expect(f).toMatchObject({ scopes: "3", kind: "long_term", ambition: "", base_emissions_t: "", coverage_pct: "67" });
    expect(toTargetInput(f)).toEqual({ name: "T", scopes: "3", kind: "long_term", base_year: 2020, target_year: 2050, reduction_pct: 90, coverage_pct: 67 });
  });
});
