import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter, Route as RouterRoute, Routes, useLocation } from "react-router-dom";
import { setSession } from "@/lib/session";
import type { Activity } from "@/features/activities/api/activities";
import { ActivitiesPage } from "@/features/activities/components/activities-page";
import { RESULT, STATIONARY, signIn, stubFetch, type Call } from "@/features/activities/components/test-fixtures";
import type { Role } from "@/config";

const F1 = "11111111-1111-4111-8111-111111111111";

const activity = (id: string): Activity => ({
  id,
  category: "stationary_combustion",
  activity: "natural_gas",
  quantity: 1000,
  unit: "kWh",
  period_start: "2024-01-01",
  period_end: "2024-01-31",
  facility_id: F1,
  emissions: [{ ...RESULT }],
});

let where = "";
function Where() {
  const l = useLocation();
  where = l.pathname + l.search;
  return null;
}

function renderPage(role: Role, url: string) {
  signIn(role);
  const calls = stubFetch((c) => {
    if (c.path === "/api/calculators") return { status: 200, body: [STATIONARY, { name: "insights", kind: "calculator" }] };
    if (c.path === "/api/facilities") return { status: 200, body: { facilities: [{ id: F1, name: "Leeds plant", country: "GB" }] } };
    if (c.path === "/api/activities" && c.method === "GET") return { status: 200, body: { total: 45, activities: [activity("a1"), activity("a2")] } };
    if (c.path.startsWith("/api/activities/") && c.method === "DELETE") return { status: 204 };
    return undefined;
  });
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={qc}>
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <RouterRoute
            path="/activities"
            element={
              <>
                <ActivitiesPage />
                <Where />
              </>
            }
          />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return calls;
}

const lists = (calls: Call[]) => calls.filter((c) => c.method === "GET" && c.path === "/api/activities").map((c) => Object.fromEntries(c.url.searchParams));

afterEach(() => {
  setSession(null);
  vi.unstubAllGlobals();
});

describe("the activities screen", () => {
  it("takes its filters from the URL (the overview's facility drill-down) and pages", async () => {
    const calls = renderPage("editor", `/activities?year=2024&facility_id=${F1}`);
    const table = await screen.findByRole("table", { name: "Activities in 2024" });
    expect(lists(calls)[0]).toEqual({ year: "2024", facility_id: F1, limit: "20", offset: "0" });
    expect(within(table).getAllByText("Leeds plant")).toHaveLength(2);
    expect(screen.getByLabelText("Filter by facility")).toHaveValue(F1);
    const prov = within(table).getAllByTestId("provenance")[0];
    for (const t of ["desnz-2024", "desnz-2024/fuels/natural-gas/kwh", "UK DESNZ 2024 flat file", "GWP AR5", "stationary_combustion 1.0.0"]) expect(prov).toHaveTextContent(t);
    expect(screen.getByText("1–20 of 45 (page 1 of 3)")).toBeInTheDocument();

    fireEvent.click(screen.getByRole("button", { name: "Next page" }));
    await waitFor(() => expect(lists(calls).at(-1)).toMatchObject({ offset: "20" }));
    expect(where).toContain("page=2");
    fireEvent.change(screen.getByLabelText("Filter by category"), { target: { value: "stationary_combustion" } });
    await waitFor(() => expect(lists(calls).at(-1)).toMatchObject({ category: "stationary_combustion", offset: "0", facility_id: F1 }));
    expect(where).not.toContain("page=");
    expect(where).toContain("category=stationary_combustion");
  });

  it("deletes an activity only after the confirmation", async () => {
    const calls = renderPage("editor", "/activities?year=2024");
    await screen.findByRole("table");
    fireEvent.click(screen.getAllByRole("button", { name: "Delete natural_gas 1000 kWh 2024-01-01" })[0]);
    const dialog = screen.getByRole("dialog", { hidden: true });
    expect(dialog).toHaveTextContent("natural_gas, 1000 kWh (2024-01-01 to 2024-01-31)");
    expect(calls.filter((c) => c.method === "DELETE")).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole("button", { name: "Delete", hidden: true }));
    await waitFor(() => expect(calls.filter((c) => c.method === "DELETE").map((c) => c.path)).toEqual(["/api/activities/a1"]));
  });

  it("shows viewers and auditors the list only: no form, no delete", async () => {
    for (const role of ["viewer", "auditor"] as const) {
      const calls = renderPage(role, "/activities?year=2024");
      await screen.findByRole("table");
      expect(screen.queryByRole("form", { name: "Activity" })).toBeNull();
      expect(screen.queryByRole("button", { name: "Save activity" })).toBeNull();
      expect(screen.queryByRole("button", { name: /^Delete/ })).toBeNull();
      expect(screen.queryByRole("columnheader", { name: "Actions" })).toBeNull();
      expect(calls.some((c) => c.method !== "GET")).toBe(false);
      document.body.innerHTML = "";
    }
  });

  it("shows the form to editors once the calculators are loaded", async () => {
    renderPage("editor", "/activities?year=2024");
    expect(await screen.findByRole("form", { name: "Activity" })).toBeInTheDocument();
    expect(screen.getByLabelText("Category")).toHaveValue("stationary_combustion");
    expect(screen.getByLabelText("Period start (required)")).toHaveValue("2024-01-01");
  });
});
