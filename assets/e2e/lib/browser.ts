import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";

// The real browser and the real host (tests/e2e/run sets CD_E2E_URL).
// Chromium runs headless with the flags this closed network needs.

export const BASE = process.env.CD_E2E_URL ?? "";
if (!BASE) throw new Error("CD_E2E_URL is not set: run the end-to-end tests through tests/e2e/run (make test-e2e)");

const SHOTS = new URL("../screenshots/", import.meta.url).pathname;
const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CD_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** One Chromium per test file: launched before its tests, closed after. */
export function browserForFile(): () => Browser {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser;
}

export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  return { context, page };
}

/** Save a screenshot of the screen a test checked: screenshots/<name>.png. */
export async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}

/** axe-core on the page as it is: no serious or critical violation. */
export async function checkA11y(page: Page, screen: string) {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    // @ts-expect-error axe is the script just evaluated
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations
      .filter((v: { impact: string }) => v.impact === "serious" || v.impact === "critical")
      .map((v: { id: string; impact: string; nodes: { target: string[] }[] }) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  });
  expect(found, `axe on ${screen}`).toEqual([]);
}

let seq = 0;
/** A unique e-mail per test run. */
export function uniqueEmail(what: string): string {
  return `${what}-${process.pid}-${Date.now()}-${seq++}@e2e.test`;
}

export const PASSWORD = "correct-horse-battery-staple";

/** Register a new company through the form; returns its owner's e-mail. */
export async function registerCompany(page: Page, company = "E2E Test Ltd"): Promise<string> {
  const email = uniqueEmail("owner");
  await page.goto("/register");
  await page.getByLabel("Company name").fill(company);
  await page.getByLabel("Your name").fill("Erin Owner");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Register" }).click();
  await page.getByRole("navigation", { name: "Main" }).waitFor();
  return email;
}

/** The signed-in user's access token, for setting up data through the API. */
export async function token(page: Page): Promise<string> {
  return page.evaluate(() => JSON.parse(localStorage.getItem("cd.session") ?? "{}").accessToken);
}

/** A call to the real API with the page's token (setup and checks only). */
export async function apiCall<T = unknown>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  const t = await token(page);
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: { Authorization: `Bearer ${t}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
