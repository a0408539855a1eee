import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, within } from "@testing-library/react";
import { RoleEditor } from "@/features/admin/components/role-editor";
import { fail, json, renderWithQuery, serve } from "@/features/admin/components/test-utils";

afterEach(() => vi.unstubAllGlobals());

const owner = { id: "o1", email: "o@x.test", name: "Olive", role: "owner" as const };

describe("changing a role", () => {
  it("sends PUT {role} only once the role differs", async () => {
    const calls = serve(() => json({ ...owner, role: "admin" }));
    renderWithQuery(<RoleEditor user={owner} mine="owner" />);
    const button = screen.getByRole("button", { name: "Change role of Olive" });
    expect(button).toBeDisabled();
    fireEvent.change(screen.getByLabelText("Role of Olive"), { target: { value: "admin" } });
    fireEvent.click(button);
    expect(await screen.findByText("Role changed")).toBeInTheDocument();
    expect(calls).toEqual([{ method: "PUT", path: "/api/users/o1", body: { role: "admin" } }]);
  });

  it("shows 409 last_owner at the role select", async () => {
    serve(() => fail(409, "last_owner", "the company must keep at least one owner", "role"));
    renderWithQuery(<RoleEditor user={owner} mine="owner" />);
    fireEvent.change(screen.getByLabelText("Role of Olive"), { target: { value: "viewer" } });
    fireEvent.click(screen.getByRole("button", { name: "Change role of Olive" }));
    const msg = await screen.findByText("the company must keep at least one owner");
    const select = screen.getByLabelText("Role of Olive");
    expect(select).toHaveAttribute("aria-invalid", "true");
    expect(select).toHaveAttribute("aria-describedby", msg.id);
    expect(select).toHaveValue("viewer");
    fireEvent.change(select, { target: { value: "editor" } });
    expect(screen.queryByText("the company must keep at least one owner")).toBeNull();
  });

  it("an admin may offer roles up to admin; an owner's row still shows owner", () => {
    serve(() => json({}));
    const values = (name: string) => within(screen.getByLabelText(`Role of ${name}`)).getAllByRole("option").map((o) => o.getAttribute("value"));
    renderWithQuery(
      <>
        <RoleEditor user={{ id: "e1", email: "e@x.test", name: "Eddie", role: "editor" }} mine="admin" />
        <RoleEditor user={owner} mine="admin" />
      </>,
    );
    expect(values("Eddie")).toEqual(["viewer", "auditor", "editor", "admin"]);
    expect(values("Olive")).toEqual(["viewer", "auditor", "editor", "admin", "owner"]);
    expect(screen.getByLabelText("Role of Olive")).toHaveValue("owner");
  });
});
