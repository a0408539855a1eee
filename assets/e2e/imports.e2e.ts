import { describe, expect, it } from "vitest";
import { browserForFile, checkA11y, newPage, registerCompany, shot } from "./lib/browser";

// A 500-row CSV with its own column names and two bad rows: mapped,
// uploaded, watched to 100 %, and the two rejections listed by line.

const browser = browserForFile();

const BAD = new Map([
  [100, (m: string) => `stationary_combustion,unobtainium,10,kWh,2024-${m}-01,2024-${m}-28,bad activity`],
  [350, (m: string) => `stationary_combustion,natural_gas,lots,kWh,2024-${m}-01,2024-${m}-28,bad quantity`],
]);

/** Header line 1, data from line 2: the bad rows are lines 102 and 352. */
function csv(): string {
  const lines = ["Category,Fuel,Qty,Unit,Start,End,Notes"];
  for (let i = 0; i < 500; i++) {
    const m = String((i % 12) + 1).padStart(2, "0");
    lines.push(BAD.get(i)?.(m) ?? `stationary_combustion,natural_gas,${100 + i},kWh,2024-${m}-01,2024-${m}-28,row ${i}`);
  }
  return lines.join("\r\n") + "\r\n";
}

describe("imports", () => {
  it("maps, uploads and reports the two rejected rows of a 500-row CSV", async () => {
    const { context, page } = await newPage(browser());
    await registerCompany(page, "Imports Ltd");
    await page.goto("/imports?year=2024");
    await page.getByLabel("CSV file", { exact: true }).setInputFiles({ name: "gas-2024.csv", mimeType: "text/csv", buffer: Buffer.from(csv()) });

    const step = page.getByRole("region", { name: "2. Map the columns of gas-2024.csv" });
    await step.waitFor();
    expect(await step.getByLabel("Import column “Qty” as").inputValue()).toBe("quantity");
    expect(await step.getByLabel("Import column “Start” as").inputValue()).toBe("period_start");
    await step.getByRole("alert").filter({ hasText: "activity" }).waitFor();
    await step.getByLabel("Import column “Fuel” as").selectOption("activity");
    await checkA11y(page, "import mapping");
    await step.getByRole("button", { name: "Upload" }).click();

    const bar = page.getByRole("progressbar", { name: "Import progress" });
    await bar.waitFor();
    await expect.poll(() => bar.getAttribute("aria-valuenow"), { timeout: 30_000 }).toBe("100");
    await page.getByText("498 rows stored.").waitFor();
    const table = page.getByRole("table", { name: "Rejected rows" });
    await table.waitFor();
    const rows = table.locator("tbody tr");
    expect(await rows.count()).toBe(2);
    expect(await rows.locator("td:first-child").allTextContents()).toEqual(["102", "352"]);
    expect(await rows.nth(0).textContent()).toContain("activity");
    expect(await rows.nth(1).textContent()).toContain("quantity");
    await page.getByRole("button", { name: "Download rejected rows (CSV)" }).waitFor();
    await checkA11y(page, "import result");
    await shot(page, "imports");
    await context.close();
  });
});
