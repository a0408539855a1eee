import { describe, expect, it } from "vitest";
import type { Facility } from "@/features/overview/api/get-facilities";
import { changePct, facilityRows, humanize, intensityRows, monthlyRows, NO_FACILITY, scopeSlices, topSources } from "@/features/overview/components/summary-data";

const cols = (scope1: number, scope2_location = 0, scope2_market = 0, scope3 = 0) => ({ scope1, scope2_location, scope2_market, scope3 });
const fac = (id: string, name: string): Facility => ({ id, name, entity_id: null, country: null, grid_region: null, type: null });

describe("scopeSlices", () => {
  it("charts scope 1, scope 2 location-based and scope 3, never market", () => {
    const s = scopeSlices(cols(1.5, 2, 99, 4));
    expect(s.map((x) => [x.key, x.value])).toEqual([
      ["scope1", 1.5],
      ["scope2_location", 2],
      ["scope3", 4],
    ]);
    // the slices add up to the location-based total
    expect(s.reduce((t, x) => t + x.value, 0)).toBe(7.5);
  });
});

describe("monthlyRows", () => {
  it("gives twelve months in order, zeros where the host sent none", () => {
    const rows = monthlyRows({ by_month: { "03": cols(1, 2, 3, 4), "12": cols(5) } });
    expect(rows).toHaveLength(12);
    expect(rows.map((r) => r.label)).toEqual(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]);
    expect(rows[2]).toEqual({ month: 3, label: "Mar", ...cols(1, 2, 3, 4) });
    expect(rows[11].scope1).toBe(5);
    expect(rows[0]).toEqual({ month: 1, label: "Jan", ...cols(0) });
  });
  it("copes with no by_month at all", () => {
    expect(monthlyRows({} as never).every((r) => r.scope1 === 0)).toBe(true);
  });
});

describe("changePct", () => {
  it("is the percent change from last year", () => {
    expect(changePct(90, 100)).toBeCloseTo(-10, 12);
    expect(changePct(150, 100)).toBeCloseTo(50, 12);
    expect(changePct(100, 100)).toBe(0);
  });
  it("is null when there is nothing to compare with", () => {
    expect(changePct(10, 0)).toBeNull();
    expect(changePct(10, undefined)).toBeNull();
    expect(changePct(10, null)).toBeNull();
    expect(changePct(10, Number.NaN)).toBeNull();
  });
});

describe("facilityRows", () => {
  it("lists every facility, zero when it has no emissions, largest first, unassigned under its own name", () => {
    const rows = facilityRows(
      {
        by_facility: [
          { facility_id: "b", name: "Bravo", ...cols(1, 1, 5, 0) },
          { facility_id: null, name: "", ...cols(10) },
        ],
      },
      [fac("a", "Alpha"), fac("b", "Bravo")],
    );
    expect(rows.map((r) => [r.facility_id, r.name, r.location, r.market])).toEqual([
      [null, NO_FACILITY, 10, 10],
      ["b", "Bravo", 2, 6],
      ["a", "Alpha", 0, 0],
    ]);
  });
  it("keeps a facility the summary names even when the list lacks it", () => {
    const rows = facilityRows({ by_facility: [{ facility_id: "x", name: "Gone", ...cols(3) }] }, []);
    expect(rows).toHaveLength(1);
    expect(rows[0].name).toBe("Gone");
  });
});

describe("topSources", () => {
  const src = (category: string, t: number, facility_id: string | null = "f") => ({ category, scope: 1, facility_id, name: "Plant", location_t: t, market_t: t });
  it("keeps the ten largest by location-based tonnes, labelled", () => {
    const many = Array.from({ length: 12 }, (_, i) => src(`c_${i}`, i));
    const top = topSources(many);
    expect(top).toHaveLength(10);
    expect(top[0].location_t).toBe(11);
    expect(top[9].location_t).toBe(2);
    expect(top[0].label).toBe("C 11 · Plant");
    expect(topSources([src("stationary_combustion", 1, null)])[0].label).toBe(`Stationary combustion · ${NO_FACILITY}`);
  });
  it("is empty when the host does not send sources", () => {
    expect(topSources(undefined)).toEqual([]);
  });
});

describe("intensityRows and humanize", () => {
  it("orders revenue, FTE, floor area and labels them", () => {
    const r = intensityRows({
      floor_area: { location: 1, market: 1, denominator: 1, unit: "tCO2e per m2" },
      revenue: { location: 2, market: 3, denominator: 4, unit: "tCO2e per GBP m" },
    });
    expect(r.map((x) => [x.kind, x.label, x.location])).toEqual([
      ["revenue", "revenue", 2],
      ["floor_area", "floor area", 1],
    ]);
    expect(intensityRows(undefined)).toEqual([]);
  });
  it("turns snake case into a sentence", () => {
    expect(humanize("purchased_goods_spend")).toBe("Purchased goods spend");
    expect(humanize("")).toBe("");
  });
});
