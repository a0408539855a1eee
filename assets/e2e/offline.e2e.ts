import { describe, expect, it } from "vitest";
import { apiCall, browserForFile, checkA11y, newPage, registerCompany, shot } from "./lib/browser";

// An activity submitted offline waits on the device as "Pending sync" and
// is sent, once, when the network returns.

const browser = browserForFile();

describe("offline drafts", () => {
  it("queues an offline submission in localStorage and syncs it when back online", async () => {
    const { context, page } = await newPage(browser());
    await registerCompany(page, "Offline Ltd");
    await page.goto("/activities?year=2024");
    const form = page.getByRole("form", { name: "Activity" });
    await form.getByLabel("Category", { exact: true }).selectOption("stationary_combustion");
    await form.getByLabel("Activity (required)", { exact: true }).selectOption("natural_gas");
    await form.getByLabel("Quantity (required)", { exact: true }).fill("4321");
    // What was typed survives a reload (the form's draft).
    await page.reload();
    await expect.poll(() => form.getByLabel("Quantity (required)", { exact: true }).inputValue()).toBe("4321");
    expect(await form.getByLabel("Activity (required)", { exact: true }).inputValue()).toBe("natural_gas");
    await page.getByText("Draft saved").waitFor();

    await context.setOffline(true);
    await form.getByRole("button", { name: "Save activity" }).click();
    await page.getByText("Pending sync").waitFor();
    const stored = await page.evaluate(() =>
      Object.keys(localStorage)
        .filter((k) => k.startsWith("cd.drafts."))
        .flatMap((k) => JSON.parse(localStorage.getItem(k) ?? "[]")),
    );
    expect(stored).toEqual([expect.objectContaining({ kind: "activity", status: "pending", payload: expect.objectContaining({ record: expect.objectContaining({ activity: "natural_gas", quantity: 4321 }) }) })]);
    await shot(page, "offline-pending");

    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
    await expect.poll(() => page.getByText("Pending sync").count(), { timeout: 15_000 }).toBe(0);
    const table = page.getByRole("table", { name: "Activities in 2024" });
    await table.getByRole("cell", { name: "4,321 kWh" }).waitFor();
    const list = await apiCall<{ total: number }>(page, "GET", "/api/activities?year=2024");
    expect(list.total).toBe(1);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("cd.drafts.")).length)).toBe(0);
    await checkA11y(page, "activities after sync");
    await shot(page, "offline-synced");
    await context.close();
  });
});
