import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { apiCall, browserForFile, checkA11y, newPage, registerCompany, shot } from "./lib/browser";

// The overview against the real host: the figures on the tiles are the
// API's own numbers, the approach switch changes the request and the
// result (equity share of a 50 % entity halves scope 1), and a chart's
// data is one click away as a table.

const browser = browserForFile();

type Summary = { scope1: number; totals: { location: number }; rows: number; coverage?: unknown[]; sources?: unknown[] };

const YEAR = new Date().getFullYear() - 1;

const gas = (facility_id: string, year: number, month: number, kWh: number) => {
  const mm = String(month).padStart(2, "0");
  return { category: "stationary_combustion", activity: "natural_gas", quantity: kWh, unit: "kWh", period_start: `${year}-${mm}-01`, period_end: `${year}-${mm}-28`, facility_id };
};

const kpi = (page: Page, key: string) => page.getByTestId(`kpi-${key}`).getAttribute("data-value");

describe("overview", () => {
  it("shows the API's figures, switches the consolidation approach and shows a chart as a table", async () => {
    const { context, page } = await newPage(browser());
    await registerCompany(page, "Overview Ltd");
    const ent = await apiCall<{ id: string }>(page, "POST", "/api/entities", { name: "Half Ltd", ownership_pct: 50, operational_control: true, financial_control: true });
    const fac = await apiCall<{ id: string }>(page, "POST", "/api/facilities", { name: "Leeds plant", entity_id: ent.id, country: "GB" });
    await apiCall(page, "POST", "/api/activities", {
      records: [gas(fac.id, YEAR, 1, 12000), gas(fac.id, YEAR, 2, 9000), gas(fac.id, YEAR, 3, 7000), gas(fac.id, YEAR - 1, 1, 20000)],
    });
    const operational = await apiCall<Summary>(page, "GET", `/api/emissions/summary?year=${YEAR}&approach=operational`);
    const before = await apiCall<Summary>(page, "GET", `/api/emissions/summary?year=${YEAR - 1}&approach=operational`);
    const equity = await apiCall<Summary>(page, "GET", `/api/emissions/summary?year=${YEAR}&approach=equity`);
    expect(operational.scope1).toBeGreaterThan(0);
    expect(equity.scope1).toBeCloseTo(operational.scope1 / 2, 9);

    await page.goto(`/?year=${YEAR}`);
    await page.getByTestId("overview-ready").waitFor();
    expect(Number(await kpi(page, "scope1"))).toBe(operational.scope1);
    expect(Number(await kpi(page, "total"))).toBe(operational.totals.location);
    expect(Number(await kpi(page, "change"))).toBeCloseTo(((operational.totals.location - before.totals.location) / before.totals.location) * 100, 9);
    await expect.poll(() => page.getByRole("radio", { name: "Operational control" }).isChecked()).toBe(true);

    // Drill-down to the facility's activities for the year.
    const link = page.getByRole("link", { name: /Leeds plant/ });
    expect(await link.getAttribute("href")).toBe(`/activities?facility_id=${fac.id}&year=${YEAR}`);

    // The completeness grid when the host reports coverage, else its notice.
    if (operational.coverage) {
      const row = page.getByRole("region", { name: /Completeness grid/ }).getByRole("row", { name: /Leeds plant/ });
      expect(await row.getByRole("cell").nth(0).textContent()).toBe("1");
      expect(await row.getByRole("cell").nth(12).textContent()).toBe("3/12");
    } else await page.getByText("does not report data completeness").waitFor();

    // Equity share: a new request, and the 50 % entity counts half.
    const req = page.waitForRequest((r) => r.url().includes("/api/emissions/summary") && r.url().includes(`year=${YEAR}`) && r.url().includes("approach=equity"));
    await page.getByRole("radio", { name: "Equity share" }).check();
    await req;
    await expect.poll(() => kpi(page, "scope1")).toBe(String(equity.scope1));
    expect(page.url()).toContain("approach=equity");
    await page.getByTestId("overview-ready").waitFor();

    // A chart as its table: twelve months, January's scope 1 as the API says.
    await page.getByRole("button", { name: `Show table for Monthly emissions by scope, ${YEAR}` }).click();
    const table = page.getByRole("table", { name: `Monthly emissions by scope, ${YEAR}` });
    await table.waitFor();
    expect(await table.getByRole("row").count()).toBe(13);
    await expect.poll(() => table.getByRole("row").nth(1).getByRole("cell").nth(0).textContent()).toBe("Jan");
    await page.getByRole("button", { name: /Download CSV of Monthly emissions/ }).waitFor();

    await checkA11y(page, "overview");
    await shot(page, "overview");
    await context.close();
  });

  it("points a year without data to Activities and Import", async () => {
    const { context, page } = await newPage(browser());
    await registerCompany(page, "Empty Year Ltd");
    await page.goto(`/?year=${YEAR}`);
    await page.getByTestId("overview-ready").waitFor();
    await page.getByRole("heading", { name: `No emissions recorded for ${YEAR} yet` }).waitFor();
    expect(await page.getByRole("link", { name: "Add activities" }).getAttribute("href")).toBe(`/activities?year=${YEAR}`);
    expect(await page.getByRole("link", { name: "Import a CSV" }).getAttribute("href")).toBe(`/imports?year=${YEAR}`);
    await checkA11y(page, "overview-empty");
    await shot(page, "overview-empty");
    await context.close();
  });
});
