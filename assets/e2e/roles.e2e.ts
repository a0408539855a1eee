import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { apiCall, browserForFile, checkA11y, newPage, PASSWORD, registerCompany, shot, uniqueEmail } from "./lib/browser";

const browser = browserForFile();

const SCREENS = [
  { path: "/", name: "overview" },
  { path: "/activities", name: "activities" },
  { path: "/imports", name: "imports" },
  { path: "/frameworks", name: "frameworks" },
  { path: "/targets", name: "targets" },
  { path: "/reports", name: "reports" },
];
const WRITE = /^\s*(save|delete|remove|upload|import|create|add|new|edit|invite|submit|change role|set|update|recalculate)\b/i;

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
}

/** The screen has settled: its heading is there and nothing is loading. */
async function settle(page: Page) {
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  await page.waitForLoadState("networkidle", { timeout: 5000 }).catch(() => undefined);
  await page.waitForFunction(() => ![...document.querySelectorAll('[role="status"]')].some((e) => e.textContent?.trim().endsWith("…")), undefined, { timeout: 5000 }).catch(() => undefined);
}

/** The buttons in the screen's main part whose name says they write. */
async function writeButtons(page: Page): Promise<string[]> {
  const names = await page.locator("main").getByRole("button").evaluateAll((bs) => bs.map((b) => (b.getAttribute("aria-label") ?? b.textContent ?? "").trim()));
  return names.filter((n) => WRITE.test(n));
}

describe("roles", () => {
  it("a viewer sees no write controls", async () => {
    const { context, page } = await newPage(browser());
    await registerCompany(page, "Roles Ltd");
    // Data whose rows carry write controls for those who may write.
    await apiCall(page, "POST", "/api/activities", {
      records: [{ category: "stationary_combustion", activity: "natural_gas", quantity: 1000, unit: "kWh", period_start: "2024-01-01", period_end: "2024-01-31" }],
    });
    await apiCall(page, "POST", "/api/targets", { name: "Halve scope 1+2", scopes: "1+2", base_year: 2020, target_year: 2030, reduction_pct: 50 });
    // The check can fail: the owner does see write controls.
    await page.goto("/activities?year=2024");
    await settle(page);
    expect((await writeButtons(page)).length, "the owner's write buttons on /activities").toBeGreaterThan(0);
    const email = uniqueEmail("viewer");
    await apiCall(page, "POST", "/api/users", { email, name: "Vera Viewer", role: "viewer", password: PASSWORD });
    await signOut(page);
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    expect(await page.getByTestId("role").textContent()).toBe("viewer");
    expect(await page.getByRole("link", { name: "Admin" }).count()).toBe(0);

    for (const s of SCREENS) {
      await page.goto(`${s.path}?year=2024`);
      await settle(page);
      expect(await writeButtons(page), `write buttons on ${s.path}`).toEqual([]);
      expect(await page.locator('input[type="file"]').count(), `file inputs on ${s.path}`).toBe(0);
      await shot(page, `roles-viewer-${s.name}`);
    }
    await page.getByRole("region", { name: "Audit log" }).getByRole("alert").waitFor();
    await checkA11y(page, "reports as viewer");

    await page.goto("/admin");
    await page.getByRole("alert").filter({ hasText: "needs the admin role" }).waitFor();
    expect(await page.getByRole("region", { name: "Users and roles" }).count()).toBe(0);
    await checkA11y(page, "admin refused");
    await shot(page, "roles-viewer-admin");
    await context.close();
  });

  it("sign out clears drafts", async () => {
    const { context, page } = await newPage(browser());
    await registerCompany(page, "Drafts Ltd");
    await page.goto("/activities");
    const own = await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem("cd.session")!);
      return `cd.drafts.${s.user.id}.${s.company.id}`;
    });
    // Typing into the activities form keeps a draft (lib/drafts.ts); if
    // that form is not there, a draft is written the way saveDraft stores it.
    const quantity = page.getByLabel("Quantity (required)");
    const typed = await quantity.waitFor({ timeout: 10_000 }).then(
      () => true,
      () => false,
    );
    if (typed) await quantity.fill("12345");
    else
      await page.evaluate((k) => {
        const d = { key: "e2e-note", kind: "e2e-note", payload: { quantity: "12345" }, status: "saved", updatedAt: new Date().toISOString() };
        localStorage.setItem(k, JSON.stringify([d]));
      }, own);
    // Another user's drafts on this browser go too.
    await page.evaluate(() => localStorage.setItem("cd.drafts.someone-else.other-company", "[]"));
    await expect.poll(() => page.evaluate((k) => localStorage.getItem(k), own)).toContain("12345");
    await signOut(page);
    const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("cd.drafts.") || k === "cd.session"));
    expect(left).toEqual([]);
    await checkA11y(page, "signed out");
    await shot(page, "roles-drafts-cleared");
    await context.close();
  });
});
