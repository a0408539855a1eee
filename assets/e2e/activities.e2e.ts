import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { apiCall, browserForFile, checkA11y, newPage, registerCompany, shot } from "./lib/browser";

// An activity added through the generated form: the preview's kg CO2e
// shown before saving is what the overview's total grows by.

const YEAR = 2024;
const browser = browserForFile();

/** The overview's total tile, in tonnes, once the summary has loaded. */
async function overviewTotal(page: Page): Promise<number> {
  await page.goto(`/?year=${YEAR}`);
  const tile = page.locator('[data-testid="kpi-total"]');
  await tile.waitFor();
  await expect.poll(() => tile.getAttribute("data-value")).not.toBe("");
  return Number(await tile.getAttribute("data-value"));
}

describe("activities", () => {
  it("previews an activity's emissions, saves it and the overview's total grows by exactly that", async () => {
    const { context, page } = await newPage(browser());
    await registerCompany(page, "Activities Ltd");
    // Something already recorded, so the overview has a total to grow from.
    await apiCall(page, "POST", "/api/activities", {
      records: [{ category: "electricity", activity: "grid_electricity", quantity: 8200, unit: "kWh", period_start: `${YEAR}-03-01`, period_end: `${YEAR}-03-31` }],
    });
    const before = await overviewTotal(page);

    await page.goto(`/activities?year=${YEAR}`);
    const form = page.getByRole("form", { name: "Activity" });
    await form.getByLabel("Category", { exact: true }).selectOption("stationary_combustion");
    await form.getByLabel("Activity (required)", { exact: true }).selectOption("natural_gas");
    await form.getByLabel("Unit (required)", { exact: true }).selectOption("kWh");
    await form.getByLabel("Quantity (required)", { exact: true }).fill("12500");

    const preview = page.getByTestId("preview-co2e");
    await preview.waitFor();
    const kg = Number(await preview.getAttribute("data-value"));
    expect(kg).toBeGreaterThan(0);
    const region = page.getByRole("region", { name: "Preview" });
    for (const text of ["Factor set", "Factor id", "Source", "GWP", "Gases"]) await region.getByText(text, { exact: true }).waitFor();
    await region.getByText(/desnz-20\d\d\/fuels\//).waitFor();
    await checkA11y(page, "activities with the preview");
    await shot(page, "activities-preview");

    await form.getByRole("button", { name: "Save activity" }).click();
    await page.getByText(/^Saved: .* CO2e stored\.$/).waitFor();
    const table = page.getByRole("table", { name: `Activities in ${YEAR}` });
    await table.getByRole("cell", { name: "natural_gas", exact: true }).waitFor();
    await expect.poll(() => table.getByTestId("provenance").first().textContent()).toMatch(/desnz-20\d\d.*GWP AR5.*stationary_combustion 1\./);
    await checkA11y(page, "activities");
    await shot(page, "activities");

    const after = await overviewTotal(page);
    expect(Math.abs(after - before - kg / 1000)).toBeLessThan(1e-6);
    await context.close();
  });
});
