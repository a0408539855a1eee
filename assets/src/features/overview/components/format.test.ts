import { describe, expect, it } from "vitest";
import { fmtChange, fmtRatio, tonnes3 } from "@/features/overview/components/format";

describe("overview formats", () => {
  it("signs a change with a real minus and one decimal", () => {
    expect(fmtChange(12.345)).toBe("+12.3 %");
    expect(fmtChange(-4)).toBe("\u22124.0 %");
    expect(fmtChange(0)).toBe("0.0 %");
  });
  it("keeps three significant digits of small ratios", () => {
    expect(fmtRatio(0.000123456)).toBe("0.000123");
    expect(fmtRatio(1234.5)).toBe("1,230");
  });
  it("rounds tonnes to the kilogram", () => {
    expect(tonnes3(1.23456)).toBe(1.235);
  });
});
