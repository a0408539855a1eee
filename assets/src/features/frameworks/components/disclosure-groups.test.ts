import { describe, expect, it } from "vitest";
import type { DisclosureState, Status } from "@/features/frameworks/api/get-status";
import { countByStatus, groupDisclosures, groupTitle } from "@/features/frameworks/components/disclosure-groups";

const d = (id: string, pillar: string | null, status: Status): DisclosureState => ({ id, title: id, pillar, type: "narrative", status, metrics: [], findings: [], items: [] });
const list = [d("a", "governance", "complete"), d("b", "strategy", "missing"), d("c", "governance", "missing"), d("e", null, "partial"), d("f", "E1", "not_material")];

describe("disclosure status grouping", () => {
  it("counts every status", () => {
    expect(countByStatus(list)).toEqual({ complete: 1, partial: 1, missing: 2, not_material: 1 });
  });

  it("groups by pillar in first-seen order, the ungrouped under Other", () => {
    expect(groupDisclosures(list, "all").map((g) => [g.name, g.disclosures.map((x) => x.id)])).toEqual([
      ["governance", ["a", "c"]],
      ["strategy", ["b"]],
      ["Other", ["e"]],
      ["E1", ["f"]],
    ]);
  });

  it("filters by status and drops empty groups", () => {
    expect(groupDisclosures(list, "missing").map((g) => [g.name, g.disclosures.map((x) => x.id)])).toEqual([
      ["governance", ["c"]],
      ["strategy", ["b"]],
    ]);
    expect(groupDisclosures(list, "complete")).toHaveLength(1);
  });

  it("titles groups from the catalogue", () => {
    const named = [
      { id: "metrics_targets", title: "Metrics and targets" },
      { id: "E1", title: "Climate change" },
    ];
    expect(groupTitle("metrics_targets", named)).toBe("Metrics and targets");
    expect(groupTitle("E1", named)).toBe("E1 Climate change");
    expect(groupTitle("risk_management")).toBe("Risk management");
  });
});
