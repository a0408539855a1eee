import { describe, expect, it } from "vitest";
import type { CatalogDisclosure } from "@/features/frameworks/api/get-catalog";
import type { MetricDef } from "@/features/frameworks/api/get-dictionary";
import { buildValues, checkValue, disclosureFields, fieldOfError } from "@/features/frameworks/components/catalog-fields";

const defs: MetricDef[] = [
  { id: "ghg.scope1.gross", title: "Gross Scope 1", unit: "tCO2e", type: "quantity", source: "calculated" },
  {
    id: "ghg.gases",
    title: "Gases",
    type: "table",
    source: "reported",
    columns: [
      { id: "gas", title: "Gas", type: "text", required: true },
      { id: "included", title: "Included", type: "boolean", required: true },
    ],
  },
  { id: "ghg.methodology", title: "Methodology", type: "narrative", source: "reported" },
  { id: "ghg.ets.share", title: "ETS share", unit: "%", type: "percentage", source: "reported" },
  { id: "ghg.base_year", title: "Base year", unit: "year", type: "quantity", source: "reported" },
  { id: "removals.any", title: "Removals", type: "boolean", source: "reported" },
];
const dict = new Map(defs.map((d) => [d.id, d]));

const d305: CatalogDisclosure = {
  id: "305-1",
  title: "Direct (Scope 1) GHG emissions",
  type: "quantitative",
  metrics: ["ghg.scope1.gross"],
  items: [
    { id: "305-1-a", type: "quantitative", metrics: ["ghg.scope1.gross"] },
    { id: "305-1-b", type: "table", metrics: ["ghg.gases"] },
    { id: "305-1-e", type: "narrative", metrics: ["ghg.methodology"] },
    { id: "305-1-g", type: "narrative", metrics: ["ghg.methodology"] },
  ],
  conditional_metrics: [{ metric: "ghg.ets.share", condition: "under an ETS" }],
  related_metrics: ["removals.any", "ghg.methodology", "no.such.metric"],
};

describe("a catalogue disclosure as form fields", () => {
  const fields = disclosureFields(d305, dict);

  it("asks each canonical metric once, typed by the dictionary, in catalogue order", () => {
    expect(fields.map((f) => [f.metricId, f.kind, f.role])).toEqual([
      ["ghg.scope1.gross", "number", "required"],
      ["ghg.gases", "table", "datapoint"],
      ["ghg.methodology", "text", "datapoint"],
      ["ghg.ets.share", "percentage", "conditional"],
      ["removals.any", "boolean", "related"],
    ]);
  });

  it("names the datapoints a metric serves and the condition", () => {
    const by = Object.fromEntries(fields.map((f) => [f.metricId, f]));
    expect(by["ghg.methodology"].note).toBe("305-1-e, 305-1-g");
    expect(by["ghg.scope1.gross"].note).toBe("305-1-a");
    expect(by["ghg.scope1.gross"].calculated).toBe(true);
    expect(by["ghg.scope1.gross"].unit).toBe("tCO2e");
    expect(by["ghg.ets.share"].note).toBe("under an ETS");
  });

  it("checks values as the host does", () => {
    const by = Object.fromEntries(fields.map((f) => [f.metricId, f]));
    expect(checkValue(by["ghg.ets.share"], "101")).toMatch(/0 to 100/);
    expect(checkValue(by["ghg.ets.share"], "100")).toBeUndefined();
    expect(checkValue(by["ghg.scope1.gross"], "-1")).toMatch(/0 or more/);
    expect(checkValue(by["ghg.scope1.gross"], "12a")).toMatch(/number/);
    expect(checkValue(by["ghg.methodology"], "x".repeat(20001))).toMatch(/20000 bytes/);
    expect(checkValue(by["removals.any"], "maybe")).toMatch(/yes or no/);
  });

  it("sends only what changed, typed, for the whole year, and never over a calculated value", () => {
    const current = {
      "ghg.scope1.gross": { value: 18.3, unit: "tCO2e", source: "calculated" },
      "ghg.methodology": { value: "GHG Protocol", unit: null, source: "reported" },
    };
    const form = { "ghg.scope1.gross": "99", "ghg.methodology": "GHG Protocol", "ghg.ets.share": "40", "removals.any": "false", "ghg.gases": "CO2" };
    const { values, errors } = buildValues(fields, form, current, 2025);
    expect(errors).toEqual({});
    expect(values).toEqual([
      { metric_id: "ghg.ets.share", period_start: "2025-01-01", period_end: "2025-12-31", value: 40, unit: "%" },
      { metric_id: "removals.any", period_start: "2025-01-01", period_end: "2025-12-31", value: false },
    ]);
  });

  it("reports a bad value by metric id and sends nothing for it", () => {
    const { values, errors } = buildValues(fields, { "ghg.ets.share": "140", "ghg.methodology": "Ours" }, {}, 2025);
    expect(errors).toEqual({ "ghg.ets.share": "Enter a percentage from 0 to 100" });
    expect(values.map((v) => v.metric_id)).toEqual(["ghg.methodology"]);
  });

  it("sends a table's rows typed, never an emptied table, and names its wrong cells", () => {
    const gases = JSON.stringify([{ gas: "CO2", included: "true" }]);
    expect(buildValues(fields, { "ghg.gases": gases }, {}, 2025).values).toEqual([
      { metric_id: "ghg.gases", period_start: "2025-01-01", period_end: "2025-12-31", value: [{ gas: "CO2", included: true }] },
    ]);
    // The stored rows unchanged, or every row blank: nothing to send.
    const current = { "ghg.gases": { value: [{ gas: "CO2", included: true }], unit: null, source: "reported" } };
    expect(buildValues(fields, { "ghg.gases": gases }, current, 2025).values).toEqual([]);
    expect(buildValues(fields, { "ghg.gases": JSON.stringify([{ gas: "", included: "false" }]) }, current, 2025)).toEqual({ values: [], errors: {} });
    const bad = buildValues(fields, { "ghg.gases": JSON.stringify([{ gas: "CO2", included: "true" }, { gas: "", included: "true" }]) }, {}, 2025);
    expect(bad).toEqual({ values: [], errors: { "ghg.gases/value[1].gas": "Required" } });
  });

  it("maps a refused table cell back to the metric and cell", () => {
    const sent = buildValues(fields, { "ghg.methodology": "Ours", "ghg.gases": JSON.stringify([{ gas: "CO2", included: "true" }]) }, {}, 2025).values;
    expect(sent.map((v) => v.metric_id)).toEqual(["ghg.gases", "ghg.methodology"]);
    expect(fieldOfError("values[0].value[3].gas", sent)).toBe("ghg.gases/value[3].gas");
    expect(fieldOfError("values[0].value", sent)).toBe("ghg.gases");
    expect(fieldOfError("values[0].value[3]", sent)).toBe("ghg.gases");
  });

  it("maps values[i].field of a refusal back to the metric sent at i", () => {
    const sent = buildValues(fields, { "ghg.ets.share": "4", "ghg.methodology": "Ours" }, {}, 2025).values;
    expect(sent.map((v) => v.metric_id)).toEqual(["ghg.methodology", "ghg.ets.share"]);
    expect(fieldOfError("values[1].value", sent)).toBe("ghg.ets.share");
    expect(fieldOfError("values[0].value", sent)).toBe("ghg.methodology");
    expect(fieldOfError("values", sent)).toBeUndefined();
  });
});
