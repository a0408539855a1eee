import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, within } from "@testing-library/react";
import { getDraft } from "@/lib/drafts";
import { setSession } from "@/lib/session";
import { InviteForm } from "@/features/admin/components/invite-form";
import { fail, json, renderWithQuery, serve } from "@/features/admin/components/test-utils";

beforeEach(() =>
  setSession({ accessToken: "a", refreshToken: "r", user: { id: "u1", email: "o@x.test", name: "Olive", role: "admin" }, company: { id: "c1", name: "C" } }),
);
afterEach(() => {
  setSession(null);
  vi.unstubAllGlobals();
});

const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const send = () => fireEvent.click(screen.getByRole("button", { name: "Invite user" }));

describe("the invite form", () => {
  it("checks every field before sending anything", async () => {
    const calls = serve(() => json({}));
    renderWithQuery(<InviteForm mine="admin" />);
    type("E-mail", "not-an-address");
    type("Password (optional)", "short");
    send();
    expect(await screen.findByText("Enter a valid e-mail address")).toBeInTheDocument();
    expect(screen.getByText("Enter the person's name")).toBeInTheDocument();
    expect(screen.getByText(/Use 12 to 72 characters/)).toBeInTheDocument();
    expect(screen.getByLabelText("E-mail")).toHaveAttribute("aria-invalid", "true");
    expect(calls).toEqual([]);
  });

  it("offers only roles up to the inviter's own", () => {
    serve(() => json({}));
    renderWithQuery(<InviteForm mine="admin" />);
    const roles = within(screen.getByLabelText("Role")).getAllByRole("option").map((o) => o.textContent);
    expect(roles).toEqual(["Viewer", "Auditor", "Editor", "Admin"]);
  });

  it("sends the invite and shows the temporary password once", async () => {
    const calls = serve(() => json({ id: "u9", email: "ed@x.test", name: "Ed", role: "editor", temporary_password: "Tmp-pass-123456" }, 201));
    renderWithQuery(<InviteForm mine="admin" />);
    type("E-mail", " ed@x.test ");
    type("Name", "Ed");
    send();
    expect(await screen.findByTestId("temporary-password")).toHaveTextContent("Tmp-pass-123456");
    expect(calls).toEqual([{ method: "POST", path: "/api/users", body: { email: "ed@x.test", name: "Ed", role: "editor" } }]);
    expect(screen.getByLabelText("E-mail")).toHaveValue("");
    expect(JSON.stringify(localStorage)).not.toContain("Tmp-pass-123456");
    fireEvent.click(screen.getByRole("button", { name: "Done" }));
    expect(screen.queryByText(/Tmp-pass-123456/)).toBeNull();
  });

  it("shows the server's refusal at the field it names", async () => {
    serve(() => fail(409, "email_taken", "an account with this email already exists", "email"));
    renderWithQuery(<InviteForm mine="admin" />);
    type("E-mail", "ed@x.test");
    type("Name", "Ed");
    send();
    const msg = await screen.findByText("an account with this email already exists");
    expect(screen.getByLabelText("E-mail")).toHaveAttribute("aria-describedby", msg.id);
  });

  it("keeps what was typed when the network fails, but never the password", async () => {
    serve(() => Promise.reject(new TypeError("Failed to fetch")));
    const { unmount } = renderWithQuery(<InviteForm mine="admin" />);
    type("E-mail", "ed@x.test");
    type("Name", "Ed");
    type("Password (optional)", "a-long-password-1");
    send();
    expect(await screen.findByText(/what you entered is kept/)).toBeInTheDocument();
    expect(screen.getByLabelText("Name")).toHaveValue("Ed");
    expect(getDraft("admin.invite")?.payload).toEqual({ email: "ed@x.test", name: "Ed", role: "editor" });
    unmount();
    renderWithQuery(<InviteForm mine="admin" />);
    expect(screen.getByLabelText("E-mail")).toHaveValue("ed@x.test");
    expect(screen.getByLabelText("Password (optional)")).toHaveValue("");
  });

  it("offers Retry on a 5xx and the retry can succeed", async () => {
    serve(() => fail(503, "database_unavailable", "the database is down"));
    renderWithQuery(<InviteForm mine="admin" />);
    type("E-mail", "ed@x.test");
    type("Name", "Ed");
    send();
    expect(await screen.findByText("The server had a problem")).toBeInTheDocument();
    serve(() => json({ id: "u9", email: "ed@x.test", name: "Ed", role: "editor", temporary_password: null }, 201));
    fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(await screen.findByText("Ed (ed@x.test) was invited as editor.")).toBeInTheDocument();
    expect(screen.queryByTestId("temporary-password")).toBeNull();
  });
});
