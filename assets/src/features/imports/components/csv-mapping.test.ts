import { describe, expect, it } from "vitest";
import { autoMatch, mappingProblems, OPTIONAL_COLUMNS, readHeader, REQUIRED_COLUMNS, rewriteCsv, splitRecords } from "@/features/imports/components/csv-mapping";

const TARGETS = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS, "supplier_factor"];

describe("the column mapping", () => {
  it("splits RFC 4180 records: quoted commas, doubled quotes, newlines in quotes, CRLF", () => {
    const r = splitRecords('a,"b,1","say ""hi"""\r\nx,"two\nlines",z\n');
    expect(r).toEqual([
      { fields: ["a", '"b,1"', '"say ""hi"""'], end: "\r\n" },
      { fields: ["x", '"two\nlines"', "z"], end: "\n" },
    ]);
  });

  it("reads the header without a byte-order mark, quotes unwrapped", () => {
    expect(readHeader('\ufeff"Category",Fuel , Qty\nstationary_combustion,natural_gas,5\n')).toEqual({
      columns: ["Category", "Fuel", "Qty"],
      sample: ["stationary_combustion", "natural_gas", "5"],
    });
  });

  it("matches columns by name and the usual aliases, each target once", () => {
    expect(autoMatch(["Category", "Fuel", "Qty", "UNIT", "Start date", "Period End", "Facility", "Supplier factor", "category"], TARGETS)).toEqual([
      "category",
      "",
      "quantity",
      "unit",
      "period_start",
      "period_end",
      "facility_id",
      "supplier_factor",
      "",
    ]);
  });

  it("names required columns left out and columns used twice", () => {
    expect(mappingProblems(["category", "", "quantity", "unit", "period_start", "period_end"])).toEqual({ missing: ["activity"], twice: [] });
    expect(mappingProblems(["category", "activity", "quantity", "unit", "period_start", "period_end", "unit"]).twice).toEqual(["unit"]);
  });

  it("rewrites the header, drops unmapped columns and keeps data and row numbers as they are", () => {
    const csv = 'Notes,Category,Fuel,Qty,Unit,From,To\r\n"a, b",stationary_combustion,natural_gas,"1,5",kWh,2024-01-01,2024-01-31\r\n\r\nx,electricity,grid_electricity,7,kWh,2024-02-01,2024-02-29';
    const out = rewriteCsv(csv, ["", "category", "activity", "quantity", "unit", "period_start", "period_end"]);
    expect(out).toBe(
      'category,activity,quantity,unit,period_start,period_end\r\nstationary_combustion,natural_gas,"1,5",kWh,2024-01-01,2024-01-31\r\n\r\nelectricity,grid_electricity,7,kWh,2024-02-01,2024-02-29',
    );
    expect(out.split("\r\n")).toHaveLength(4);
  });
});
