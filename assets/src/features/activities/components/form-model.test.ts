import { describe, expect, it } from "vitest";
import { ELECTRICITY, STATIONARY } from "@/features/activities/components/test-fixtures";
import { defaultValues, fieldKeys, recordToValues, toRecord, totalKg, validate } from "@/features/activities/components/form-model";

const good = { activity: "natural_gas", quantity: "1000", unit: "kWh", period_start: "2024-01-01", period_end: "2024-01-31" };

describe("the activity form model", () => {
  it("starts with the calculator's first unit and the year's period", () => {
    expect(defaultValues(STATIONARY, 2023)).toEqual({ activity: "", quantity: "", unit: "kWh", period_start: "2023-01-01", period_end: "2023-12-31" });
  });

  it("finds missing and malformed common fields", () => {
    const e = validate(STATIONARY, { unit: "kg", period_start: "2024-02-30", period_end: "2024-01-01", quantity: "-1" });
    expect(e.activity).toBe("Choose an activity");
    expect(e.quantity).toMatch(/negative/);
    expect(e.unit).toMatch(/kWh, m3, l/);
    expect(e.period_start).toMatch(/start date/);
    expect(validate(STATIONARY, { ...good, quantity: "12a" }).quantity).toBe("Enter a number");
    expect(validate(STATIONARY, { ...good, activity: "coal" }).activity).toMatch(/listed/);
    expect(validate(STATIONARY, { ...good, period_end: "2023-12-31" }).period_end).toMatch(/before the start/);
    expect(validate(STATIONARY, good)).toEqual({});
  });

  it("checks the calculator's own fields by type, range, enum and requirement", () => {
    const v = { ...good, activity: "grid_electricity" };
    expect(validate(ELECTRICITY, v)).toEqual({ contract: "Enter contract" });
    const e = validate(ELECTRICITY, { ...v, contract: "C1", supplier_factor: "11", "instrument.type": "coal" });
    expect(e.supplier_factor).toBe("Must be at most 10");
    expect(e["instrument.type"]).toMatch(/rego, ppa/);
  });

  it("builds the record with typed values and leaves empty optional fields out", () => {
    const r = toRecord(ELECTRICITY, {
      ...good,
      activity: "grid_electricity",
      contract: " C1 ",
      supplier_factor: "0.2",
      include_tandd: "false",
      "instrument.type": "ppa",
      "instrument.factor": "0.05",
      "instrument.id": "0042",
      gwp: "AR6",
      factor_set: "",
    });
    expect(r).toEqual({
      category: "electricity",
      activity: "grid_electricity",
      quantity: 1000,
      unit: "kWh",
      period_start: "2024-01-01",
      period_end: "2024-01-31",
      gwp: "AR6",
      contract: "C1",
      supplier_factor: 0.2,
      include_tandd: false,
      instrument: { type: "ppa", factor: 0.05, id: "0042" },
    });
    expect(recordToValues(r).values["instrument.id"]).toBe("0042");
    expect(fieldKeys(ELECTRICITY)).toContain("instrument.factor");
  });

  it("adds location-based results only, so scope 2 is not counted twice", () => {
    expect(totalKg([{ method: null, co2e_kg: 10 }, { method: "location", co2e_kg: 5 }, { method: "market", co2e_kg: 7 }])).toBe(15);
  });
});
