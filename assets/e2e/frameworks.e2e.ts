import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { apiCall, browserForFile, checkA11y, newPage, registerCompany, shot } from "./lib/browser";

// Collect once, report many: scope 1 stored once (a stationary combustion
// activity: ghg.scope1.gross is calculated from stored emissions) and a
// narrative typed once in the GRI form raise GRI, TCFD and CSRD readiness;
// a table (GRI 2-27) is entered as rows in the same form.

const Y = new Date().getFullYear() - 1;
const FRAMEWORKS = ["gri", "tcfd", "csrd"] as const;

const browser = browserForFile();

const readiness = async (page: Page, id: string) => Number(await page.getByTestId(`readiness-${id}`).getAttribute("data-value"));

async function readAll(page: Page): Promise<Record<string, number>> {
  for (const id of FRAMEWORKS) await page.getByTestId(`readiness-${id}`).waitFor();
  return Object.fromEntries(await Promise.all(FRAMEWORKS.map(async (id) => [id, await readiness(page, id)])));
}

async function allRise(page: Page, from: Record<string, number>) {
  for (const id of FRAMEWORKS) await expect.poll(() => readiness(page, id), { message: `${id} readiness`, timeout: 15_000 }).toBeGreaterThan(from[id]);
}

describe("frameworks", () => {
  it("scope 1 stored once and a value typed once raise GRI, TCFD and CSRD readiness", async () => {
    const { context, page } = await newPage(browser());
    await registerCompany(page, "Frameworks Ltd");
    await page.goto(`/frameworks?year=${Y}`);
    const start = await readAll(page);
    expect(start).toEqual({ gri: 0, tcfd: 0, csrd: 0 });
    await expect.poll(() => page.getByTestId("readiness-sbti").count()).toBe(1);
    expect(await page.getByText(/Edition for \d{4}:/).count()).toBeGreaterThanOrEqual(4);

    // Scope 1, once: one stationary combustion activity in the year.
    await apiCall(page, "POST", "/api/activities", {
      records: [{ category: "stationary_combustion", activity: "natural_gas", quantity: 100000, unit: "kWh", period_start: `${Y}-01-01`, period_end: `${Y}-12-31` }],
    });
    await page.reload();
    await allRise(page, start);
    const afterScope1 = await readAll(page);
    const d305 = page.locator('[data-disclosure="305-1"]');
    expect(await d305.getAttribute("data-status")).toBe("complete");

    // A narrative, once, through GRI 201-2's form: TCFD 10 and ESRS E1.SBM-3 count it too.
    const d201 = page.locator('[data-disclosure="201-2"]');
    await d201.locator("summary").click();
    await d201.getByLabel("Climate-related risks and opportunities identified").fill("Flood risk at two sites; carbon pricing on gas from 2027.");
    await d201.getByRole("button", { name: "Save values for 201-2" }).click();
    await d201.getByText(`Saved for ${Y}`).waitFor();
    await allRise(page, afterScope1);
    await expect.poll(() => d201.getAttribute("data-status")).toBe("partial");

    // A table, once: GRI 2-27's instances of non-compliance, entered as rows.
    const d227 = page.locator('[data-disclosure="2-27"]');
    await d227.locator("summary").click();
    await d227.getByRole("button", { name: "Add row to Compliance with laws and regulations" }).click();
    await d227.getByLabel("Instance of non-compliance, row 1").fill("Late F-gas leak report");
    await d227.getByLabel("Fine paid (EUR), row 1").fill("1200");
    await d227.getByLabel("Occurred in the reporting period, row 1").check();
    await d227.getByRole("button", { name: "Save values for 2-27" }).click();
    await d227.getByText(`Saved for ${Y}`).waitFor();
    await expect.poll(() => d227.getAttribute("data-status")).toBe("complete");
    const stored = await apiCall<{ values: Record<string, { value: unknown }> }>(page, "GET", `/api/esg/metrics?year=${Y}`);
    expect(stored.values["compliance.laws_regulations"].value).toEqual([{ fine: 1200, instance: "Late F-gas leak report", current_period: true }]);

    await checkA11y(page, "frameworks (GRI form)");
    await shot(page, "frameworks");

    // Filter by status: only complete disclosures.
    await page.getByLabel("Show GRI Standards disclosures").selectOption("complete");
    await expect.poll(async () => (await page.locator("[data-disclosure]").evaluateAll((els) => els.map((e) => e.getAttribute("data-status")))).every((s) => s === "complete")).toBe(true);
    expect(await d305.count()).toBe(1);

    // CSRD: the materiality grid and its disclosures.
    await page.getByRole("button", { name: /Disclosures of European Sustainability Reporting Standards/ }).click();
    await page.getByRole("table", { name: `Double materiality assessment for ${Y}` }).waitFor();
    await page.getByLabel("E1 impact material").check();
    await page.getByLabel("E1 rationale").fill("Gas boilers at every site");
    await page.getByRole("button", { name: "Save assessment" }).click();
    await page.getByText(`Assessment saved for ${Y}.`).waitFor();
    const saved = await apiCall<{ topics: Record<string, { impact: boolean; rationale: string }> }>(page, "GET", `/api/frameworks/csrd/materiality?year=${Y}`);
    expect(saved.topics.E1).toMatchObject({ impact: true, rationale: "Gas boilers at every site" });
    // CSRD's status now reads the assessment: the "every topic counts" note is gone.
    await expect.poll(() => page.getByText(/Not assessed for \d{4}/).count()).toBe(0);
    await expect.poll(() => page.getByText("no double-materiality assessment for the year", { exact: false }).count()).toBe(0);
    expect(await page.locator('[data-topic="E1"]').getByText("Material", { exact: true }).count()).toBe(1);
    await page.getByRole("region", { name: `Insights ${Y}` }).getByText(/stationary_combustion/).first().waitFor();
    await checkA11y(page, "frameworks (CSRD)");
    await shot(page, "frameworks-csrd");
    await context.close();
  });
});
