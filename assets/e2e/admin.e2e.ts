import { describe, expect, it } from "vitest";
import { apiCall, browserForFile, checkA11y, newPage, registerCompany, shot, uniqueEmail } from "./lib/browser";

const browser = browserForFile();

describe("admin", () => {
  it("invites an editor, makes them a viewer, and lists the loaded plugins live", async () => {
    const { context, page } = await newPage(browser());
    await registerCompany(page, "Admin Ltd");
    await page.getByRole("link", { name: "Admin" }).click();
    await page.getByRole("heading", { name: "Admin", level: 1 }).waitFor();

    const users = page.getByRole("region", { name: "Users and roles" });
    await users.getByRole("rowheader", { name: "Erin Owner" }).waitFor();
    const email = uniqueEmail("editor");
    await users.getByLabel("E-mail", { exact: true }).fill(email);
    await users.getByLabel("Name", { exact: true }).fill("Eddie Editor");
    await users.getByLabel("Role", { exact: true }).selectOption("editor");
    await users.getByRole("button", { name: "Invite user" }).click();
    const temp = await users.getByTestId("temporary-password").textContent();
    expect(temp?.length).toBeGreaterThanOrEqual(12);
    await users.getByRole("rowheader", { name: "Eddie Editor" }).waitFor();
    expect(await users.getByLabel("Role of Eddie Editor", { exact: true }).inputValue()).toBe("editor");

    await users.getByLabel("Role of Eddie Editor", { exact: true }).selectOption("viewer");
    await users.getByRole("button", { name: "Change role of Eddie Editor" }).click();
    await users.getByText("Role changed").waitFor();
    const list = await apiCall<{ email: string; role: string }[]>(page, "GET", "/api/users");
    expect(list.find((u) => u.email === email)?.role).toBe("viewer");

    const plugins = page.getByRole("region", { name: "Loaded plugins" });
    const row = (name: string) => plugins.getByRole("row").filter({ has: page.getByRole("rowheader", { name, exact: true }) });
    await row("gri").waitFor();
    expect(await row("gri").getByRole("cell").first().textContent()).toBe("framework");
    expect(await row("stationary_combustion").getByRole("cell").first().textContent()).toBe("calculator");
    const generation = Number(await row("gri").getByRole("cell").nth(3).textContent());
    expect(generation).toBeGreaterThanOrEqual(1);

    await checkA11y(page, "admin");
    await shot(page, "admin");
    await context.close();
  });
});
