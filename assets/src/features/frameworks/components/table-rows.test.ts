import { describe, expect, it } from "vitest";
import type { ColumnDef } from "@/features/frameworks/api/get-dictionary";
import { checkRows, decodeRows, emptyRow, encodeRows, isBlankRow, rowsFromValue } from "@/features/frameworks/components/table-rows";

const gases: ColumnDef[] = [
  { id: "gas", title: "Gas", type: "text", required: true },
  { id: "scope", title: "Scope", type: "text", required: false },
  { id: "included", title: "Included", type: "boolean", required: true },
];
const energy: ColumnDef[] = [
  { id: "carrier", title: "Carrier", type: "text", required: true },
  { id: "sold", title: "Sold", type: "number", unit: "MWh", required: true },
];

describe("table rows", () => {
  it("starts a row blank, boxes unticked", () => {
    expect(emptyRow(gases)).toEqual({ gas: "", scope: "", included: "false" });
    expect(isBlankRow(gases, emptyRow(gases))).toBe(true);
    expect(isBlankRow(gases, { ...emptyRow(gases), included: "true" })).toBe(false);
  });

  it("reads a stored value as cell text and round-trips through the form's JSON", () => {
    const rows = rowsFromValue([{ gas: "CO2", included: true }, { carrier: "steam", sold: 12.5 }]);
    expect(rows).toEqual([{ gas: "CO2", included: "true" }, { carrier: "steam", sold: "12.5" }]);
    expect(decodeRows(encodeRows(rows))).toEqual(rows);
    expect(encodeRows([])).toBe("");
    expect(decodeRows("")).toEqual([]);
    expect(decodeRows("not json")).toEqual([]);
    expect(rowsFromValue("text")).toEqual([]);
  });

  it("builds typed rows, leaving blank optional cells out", () => {
    expect(checkRows(gases, [{ gas: " CO2 ", scope: "", included: "true" }, { gas: "NF3", scope: "1", included: "false" }])).toEqual({
      value: [
        { gas: "CO2", included: true },
        { gas: "NF3", scope: "1", included: false },
      ],
      errors: {},
    });
    expect(checkRows(energy, [{ carrier: "steam", sold: "12.5" }]).value).toEqual([{ carrier: "steam", sold: 12.5 }]);
  });

  it("names each wrong cell as the host does", () => {
    const { errors } = checkRows(energy, [
      { carrier: "", sold: "3" },
      { carrier: "heat", sold: "-1" },
      { carrier: "steam", sold: "12a" },
    ]);
    expect(errors).toEqual({ "value[0].carrier": "Required", "value[1].sold": "Enter 0 or more", "value[2].sold": "Enter a number" });
    expect(checkRows(gases, [{ gas: "x".repeat(2001), included: "true" }]).errors).toEqual({ "value[0].gas": "At most 2000 bytes" });
  });

  it("keeps a number column within the dictionary's bounds", () => {
    const cats: ColumnDef[] = [{ id: "category", title: "Category", type: "number", min: 1, max: 15, integer: true, required: true }];
    const errors = (v: string) => checkRows(cats, [{ category: v }]).errors["value[0].category"];
    for (const bad of ["0", "16", "2.5"]) expect(errors(bad)).toBe("Enter a whole number from 1 to 15");
    expect(errors("15")).toBeUndefined();
    expect(checkRows(cats, [{ category: "7" }]).value).toEqual([{ category: 7 }]);
  });

  it("refuses no rows, more than 200, or more than 64 KiB in all", () => {
    expect(checkRows(gases, []).errors[""]).toBe("Add at least one row");
    const row = { gas: "CO2", included: "true" };
    expect(checkRows(gases, Array(201).fill(row)).errors[""]).toBe("At most 200 rows");
    expect(checkRows(gases, Array(200).fill(row)).errors).toEqual({});
    expect(checkRows(gases, Array(40).fill({ gas: "y".repeat(1900), included: "true" })).errors[""]).toMatch(/64 KiB/);
  });
});
