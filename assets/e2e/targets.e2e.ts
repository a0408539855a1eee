import { describe, expect, it } from "vitest";
import { apiCall, browserForFile, checkA11y, newPage, registerCompany, shot } from "./lib/browser";

// An SBTi target created through the form, validated by the host against
// stored scope 1+2 emissions: findings, trajectory chart with its table,
// and the on-track badge.

const Y = new Date().getFullYear() - 1;
const BASE = Y - 3;

const browser = browserForFile();

const year = (y: number, gas: number, kwh: number) => [
  { category: "stationary_combustion", activity: "natural_gas", quantity: gas, unit: "kWh", period_start: `${y}-01-01`, period_end: `${y}-12-31` },
  { category: "electricity", activity: "grid_electricity", quantity: kwh, unit: "kWh", period_start: `${y}-01-01`, period_end: `${y}-12-31` },
];

describe("targets", () => {
  it("creates an SBTi target through the form and shows its validation, trajectory and on-track badge", async () => {
    const { context, page } = await newPage(browser());
    await registerCompany(page, "Targets Ltd");
    // Emissions fall well faster than 4.2 % a year: on track.
    await apiCall(page, "POST", "/api/activities", { records: [...year(BASE, 400000, 200000), ...year(BASE + 2, 300000, 150000), ...year(Y, 250000, 120000)] });
    await page.goto(`/targets?year=${Y}`);
    await page.getByText("No target yet.", { exact: false }).waitFor();

    await page.getByRole("button", { name: "New target" }).click();
    const form = page.getByRole("form", { name: "New target" });
    await form.getByLabel("Name").fill("Near-term 1.5 °C");
    await form.getByLabel("Base year").fill(String(BASE));
    await form.getByLabel("Target year").fill(String(BASE - 1));
    await form.getByLabel("Reduction (%)").fill("42");
    await form.getByRole("button", { name: "Create target" }).click();
    await form.getByText("The target year must be after the base year").waitFor();
    await form.getByLabel("Target year").fill("2030");
    await form.getByLabel("Coverage (%)").fill("95");
    await form.getByRole("button", { name: "Create target" }).click();

    const card = page.getByRole("region", { name: "Near-term 1.5 °C" });
    await card.getByTestId("on-track-badge").waitFor();
    expect(await card.getByTestId("on-track-badge").textContent()).toBe("On track");
    await card.getByText(/C13 Base year and target year/).first().waitFor();
    expect(await card.getByText(/C15-C18/).count()).toBeGreaterThan(0);
    const chart = card.getByRole("img", { name: /required and actual emissions/ });
    await chart.waitFor();
    expect(await chart.evaluate((c) => (c as HTMLCanvasElement).width)).toBeGreaterThan(0);
    await checkA11y(page, "targets (chart)");
    await shot(page, "targets");

    await card.getByRole("button", { name: /Show table/ }).click();
    const table = card.getByRole("table", { name: /required and actual emissions/ });
    await table.waitFor();
    // Base year to 2030, one row each, and the base year's actual equals the required.
    expect(await table.locator("tbody tr").count()).toBe(2030 - BASE + 1);
    const first = await table.locator("tbody tr").first().locator("td").allTextContents();
    expect(first[0]).toBe(String(BASE));
    expect(first[1]).toBe(first[2]);
    const stored = await apiCall<{ name: string; target_year: number; coverage_pct: number }[]>(page, "GET", "/api/targets");
    expect(stored).toMatchObject([{ name: "Near-term 1.5 °C", target_year: 2030, coverage_pct: 95 }]);
    await checkA11y(page, "targets (table)");
    await shot(page, "targets-table");
    await context.close();
  });
});
