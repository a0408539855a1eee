import { describe, expect, it } from "vitest";
import { BASE, browserForFile, checkA11y, newPage, PASSWORD, registerCompany, shot } from "./lib/browser";

const browser = browserForFile();

describe("the host serves the dashboard", () => {
  it("sends hashed assets immutable and precompressed, and index.html for client routes", async () => {
    const index = await fetch(`${BASE}/activities`, { headers: { "Accept-Encoding": "br" } });
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toContain("text/html");
    expect(index.headers.get("cache-control")).toBe("no-cache");
    const html = await index.text();
    const js = html.match(/\/assets\/[^"]+\.js/)?.[0];
    expect(js).toBeTruthy();
    const asset = await fetch(`${BASE}${js}`, { headers: { "Accept-Encoding": "gzip, br" } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-encoding")).toBe("br");
    expect(asset.headers.get("cache-control")).toContain("immutable");
    const missing = await fetch(`${BASE}/assets/nope.js`);
    expect(missing.status).toBe(404);
    const api = await fetch(`${BASE}/api/nope`);
    expect((await api.json()).error.code).toBe("not_found");
  });
});

describe("accounts", () => {
  it("registers, survives a reload, signs out and signs in again", async () => {
    const { context, page } = await newPage(browser());
    await page.goto("/sign-in");
    await checkA11y(page, "sign-in");
    await page.goto("/register");
    await page.getByRole("button", { name: "Register" }).click();
    await expect.poll(() => page.getByText("Use at least 12 characters").count()).toBe(1);
    await checkA11y(page, "register");
    const email = await registerCompany(page, "Reload Ltd");
    await page.reload();
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    expect(await page.getByTestId("role").textContent()).toBe("owner");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password").fill("wrong-password-123");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: /password|credentials/i }).waitFor();
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    await shot(page, "auth-signed-in");
    await context.close();
  });

  it("an expired session returns to sign-in and back to the same page", async () => {
    const { context, page } = await newPage(browser());
    await registerCompany(page, "Expiry Ltd");
    await page.goto("/targets?year=2024");
    // Both tokens become worthless: the next call's refresh is refused.
    await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem("cd.session")!);
      localStorage.setItem("cd.session", JSON.stringify({ ...s, accessToken: "x.y.z", refreshToken: "nope" }));
    });
    await page.reload();
    await page.getByText("Your session expired").waitFor();
    expect(page.url()).toContain("next=%2Ftargets%3Fyear%3D2024");
    await shot(page, "auth-expired");
    await context.close();
  });
});
