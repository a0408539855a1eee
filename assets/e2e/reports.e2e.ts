import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { apiCall, browserForFile, checkA11y, newPage, registerCompany, shot } from "./lib/browser";

const browser = browserForFile();

/** Click a download button; the file's suggested name and its text. */
async function downloadBy(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: button, exact: true }).click()]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), text: readFileSync(path!, "utf8") };
}

describe("reports", () => {
  it("downloads the GRI report as JSON and CSV, and reads and filters the audit log", async () => {
    const { context, page } = await newPage(browser());
    await registerCompany(page, "Reports Ltd");
    await apiCall(page, "POST", "/api/activities", {
      records: [{ category: "stationary_combustion", activity: "natural_gas", quantity: 1000, unit: "kWh", period_start: "2024-01-01", period_end: "2024-01-31" }],
    });
    await page.goto("/reports?year=2024");
    await page.getByRole("heading", { name: "Reports", level: 1 }).waitFor();

    const json = await downloadBy(page, "Download GRI 2024 report as JSON");
    expect(json.name).toBe("gri-report-2024.json");
    const report = JSON.parse(json.text);
    expect(report.year).toBe(2024);
    expect(Array.isArray(report.disclosures)).toBe(true);
    const csv = await downloadBy(page, "Download GRI 2024 report as CSV");
    expect(csv.name).toBe("gri-report-2024.csv");
    expect(csv.text.split("\n")[0].replace(/"/g, "")).toBe("framework,edition,year,disclosure,title,pillar,type,status,values,findings");
    expect(csv.text.split("\n").length).toBeGreaterThan(2);

    const log = page.getByRole("region", { name: "Audit log" });
    const actions = () => log.locator("tbody tr td:nth-child(3)").allTextContents();
    await log.getByRole("cell", { name: "activities.create" }).first().waitFor();
    expect(await actions()).toContain("company.create");
    await log.getByLabel("Action").fill("activities.");
    await log.getByRole("button", { name: "Filter", exact: true }).click();
    await expect.poll(actions).not.toContain("company.create");
    const shown = await actions();
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((a) => a.startsWith("activities."))).toBe(true);
    const auditCsv = await downloadBy(page, "Download CSV of the audit log");
    expect(auditCsv.name).toBe("audit-log.csv");
    expect(auditCsv.text).toContain("activities.create");
    expect(auditCsv.text).not.toContain("company.create");

    await checkA11y(page, "reports");
    await shot(page, "reports");
    await context.close();
  });
});
