import { describe, expect, it } from "vitest";
import type { Facility } from "@/features/overview/api/get-facilities";
import { heatRows, level, levelRanges, maxCell } from "@/features/overview/components/heatmap-cells";
import { NO_FACILITY } from "@/features/overview/components/summary-data";

const fac = (id: string, name: string): Facility => ({ id, name, entity_id: null, country: null, grid_region: null, type: null });

describe("heatRows", () => {
  it("gives every facility twelve cells, counts months with data, and puts unassigned rows last", () => {
    const rows = heatRows(
      [
        { facility_id: "b", name: "Bravo", month: 1, rows: 4 },
        { facility_id: "b", name: "Bravo", month: 12, rows: 2 },
        { facility_id: null, name: null, month: 6, rows: 7 },
        { facility_id: "b", name: "Bravo", month: 13, rows: 99 }, // out of range: ignored
      ],
      [fac("b", "Bravo"), fac("a", "Alpha")],
    );
    expect(rows.map((r) => r.name)).toEqual(["Alpha", "Bravo", NO_FACILITY]);
    expect(rows[0].cells).toEqual(Array(12).fill(0));
    expect(rows[0].monthsWithData).toBe(0);
    expect(rows[1].cells[0]).toBe(4);
    expect(rows[1].cells[11]).toBe(2);
    expect(rows[1].monthsWithData).toBe(2);
    expect(rows[2].cells[5]).toBe(7);
    expect(maxCell(rows)).toBe(7);
  });
  it("adds a facility the list does not know under the summary's name", () => {
    const rows = heatRows([{ facility_id: "z", name: "Zulu", month: 2, rows: 1 }], []);
    expect(rows).toEqual([{ facilityId: "z", name: "Zulu", cells: [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], monthsWithData: 1 }]);
  });
});

describe("level", () => {
  it("is 0 for no rows and 1..3 by thirds of the busiest cell", () => {
    expect(level(0, 9)).toBe(0);
    expect(level(5, 0)).toBe(0);
    expect(level(1, 9)).toBe(1);
    expect(level(3, 9)).toBe(1);
    expect(level(4, 9)).toBe(2);
    expect(level(6, 9)).toBe(2);
    expect(level(7, 9)).toBe(3);
    expect(level(9, 9)).toBe(3);
  });
});

describe("levelRanges", () => {
  it("names the counts each shade stands for, agreeing with level()", () => {
    expect(levelRanges(9).map((r) => r.label)).toEqual(["no data", "1\u20133 rows", "4\u20136 rows", "7\u20139 rows"]);
    for (const max of [1, 2, 4, 7, 100])
      for (const r of levelRanges(max).slice(1))
        for (let n = r.from; n <= r.to; n++) expect(level(n, max)).toBe(r.level);
  });
  it("leaves out shades no count can have", () => {
    expect(levelRanges(1).map((r) => [r.level, r.label])).toEqual([
      [0, "no data"],
      [3, "1 row"],
    ]);
    expect(levelRanges(0)).toHaveLength(1);
  });
});
