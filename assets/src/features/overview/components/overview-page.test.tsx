import { useEffect } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router-dom";
import type { Summary } from "@/features/overview/api/get-summary";
import { OverviewPage } from "@/features/overview/components/overview-page";
import { setSession } from "@/lib/session";
import type { Role } from "@/config";

// jsdom has no canvas: the charts are stand-ins that run their plugins'
// afterDraw as Chart.js would after drawing.  The network is mocked at fetch.
vi.mock("react-chartjs-2", () => {
  type P = { plugins?: { afterDraw?: () => void }[]; "aria-label"?: string };
  const Stub = (p: P) => {
    useEffect(() => p.plugins?.forEach((x) => x.afterDraw?.()));
    return <canvas role="img" aria-label={p["aria-label"]} />;
  };
  return { Bar: Stub, Doughnut: Stub };
});

const zero = { scope1: 0, scope2_location: 0, scope2_market: 0, scope3: 0 };

function summary(year: number, approach: Summary["approach"], scope1: number, extra: Partial<Summary> = {}): Summary {
  return {
    year,
    approach,
    unit: "tCO2e",
    scope1,
    scope2_location: 2,
    scope2_market: 3,
    scope3: 4,
    totals: { location: scope1 + 6, market: scope1 + 7 },
    biogenic_co2_t: 0,
    by_category: {},
    scope3_by_category: {},
    by_month: { "01": { ...zero, scope1 } },
    by_facility: [{ facility_id: "f1", name: "Plant One", ...zero, scope1 }],
    by_entity: [],
    intensity: {},
    factor_sets: [],
    rows: scope1 ? 3 : 0,
    ...extra,
  };
}

type Route = (u: URL) => { status: number; body: unknown };
let calls: URL[];

function stub(route: Route) {
  calls = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string) => {
      const u = new URL(input, "http://host");
      calls.push(u);
      const { status, body } = route(u);
      return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
    }),
  );
}

const facilities = { facilities: [{ id: "f1", name: "Plant One", entity_id: null, country: "GB", grid_region: null, type: null }] };

function normal(extra: Partial<Summary> = {}): Route {
  return (u) => {
    if (u.pathname === "/api/facilities") return { status: 200, body: facilities };
    const year = Number(u.searchParams.get("year"));
    const approach = (u.searchParams.get("approach") ?? "operational") as Summary["approach"];
    const s1 = approach === "equity" ? 5 : 10;
    return { status: 200, body: year === 2024 ? summary(2024, approach, s1, extra) : summary(year, approach, s1 * 2) };
  };
}

function show(path = "/?year=2024") {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <MemoryRouter initialEntries={[path]}>
        <OverviewPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const value = (key: string) => screen.getByTestId(`kpi-${key}`).getAttribute("data-value");

const signIn = (role: Role) =>
  setSession({ accessToken: "a", refreshToken: "r", user: { id: "u", email: "e@x.test", name: "E", role }, company: { id: "c", name: "C" } });

beforeEach(() => {
  signIn("editor");
  stub(normal());
});
afterEach(() => {
  vi.unstubAllGlobals();
  setSession(null);
});

describe("OverviewPage", () => {
  it("shows the year's figures with their raw values, the change, and marks itself ready", async () => {
    show();
    expect(screen.getByRole("status")).toHaveTextContent("Loading");
    await screen.findByTestId("overview-ready");
    expect(value("scope1")).toBe("10");
    expect(value("scope2_location")).toBe("2");
    expect(value("scope2_market")).toBe("3");
    expect(value("scope3")).toBe("4");
    expect(value("total")).toBe("16");
    // 2023: scope1 20 → total 26; (16 - 26) / 26
    expect(Number(value("change"))).toBeCloseTo(((16 - 26) / 26) * 100, 9);
    expect(screen.getByTestId("kpi-change")).toHaveTextContent("\u221238.5 %");
    expect(value("intensity")).toBe("");
    expect(screen.getByTestId("kpi-intensity")).toHaveTextContent(/denominator/);
    const summaries = calls.filter((u) => u.pathname === "/api/emissions/summary").map((u) => u.searchParams.get("year"));
    expect(summaries.sort()).toEqual(["2023", "2024"]);
    // The company's own approach is the one ticked while the URL names none.
    expect(screen.getByRole("radio", { name: "Operational control" })).toBeChecked();
  });

  it("refetches both years with the approach picked", async () => {
    show();
    await screen.findByTestId("overview-ready");
    fireEvent.click(screen.getByRole("radio", { name: "Equity share" }));
    await waitFor(() => expect(value("scope1")).toBe("5"));
    const equity = calls.filter((u) => u.searchParams.get("approach") === "equity").map((u) => u.searchParams.get("year"));
    expect(equity.sort()).toEqual(["2023", "2024"]);
    expect(screen.getByRole("radio", { name: "Equity share" })).toBeChecked();
    await screen.findByTestId("overview-ready");
  });

  it("links each facility to its activities for the year", async () => {
    show();
    await screen.findByTestId("overview-ready");
    const link = screen.getByRole("link", { name: /Plant One/ });
    expect(link).toHaveAttribute("href", "/activities?facility_id=f1&year=2024");
  });

  it("says so when the host reports no coverage or sources, and draws them when it does", async () => {
    const { unmount } = show();
    await screen.findByTestId("overview-ready");
    expect(screen.getByText(/does not report data completeness/)).toBeInTheDocument();
    expect(screen.getByText(/does not report sources/)).toBeInTheDocument();
    unmount();

    stub(
      normal({
        coverage: [{ facility_id: "f1", name: "Plant One", month: 1, rows: 3 }],
        sources: [{ category: "stationary_combustion", scope: 1, facility_id: "f1", name: "Plant One", location_t: 10, market_t: 10 }],
      }),
    );
    show();
    await screen.findByTestId("overview-ready");
    const grid = screen.getByRole("region", { name: /Completeness grid/ });
    const row = within(grid).getByRole("row", { name: /Plant One/ });
    const cells = within(row).getAllByRole("cell");
    expect(cells[0]).toHaveTextContent("3");
    expect(cells[0]).toHaveAttribute("data-level", "3");
    expect(cells[1]).toHaveTextContent("no data");
    expect(cells[12]).toHaveTextContent("1/12");
    expect(screen.getByRole("img", { name: /Stationary combustion · Plant One 10 t/ })).toBeInTheDocument();
  });

  it("shows a chart's data as a table on request", async () => {
    show();
    await screen.findByTestId("overview-ready");
    fireEvent.click(screen.getByRole("button", { name: /Show table\s*for Monthly emissions/ }));
    const table = screen.getByRole("table", { name: /Monthly emissions by scope, 2024/ });
    expect(within(table).getAllByRole("row")).toHaveLength(13);
    expect(within(table).getByRole("row", { name: /Jan/ })).toHaveTextContent("10 t");
  });

  const emptyYear: Route = (u) => (u.pathname === "/api/facilities" ? { status: 200, body: facilities } : { status: 200, body: summary(Number(u.searchParams.get("year")), "operational", 0) });

  it("points an empty year to Activities and Import", async () => {
    stub(emptyYear);
    show("/?year=2024");
    await screen.findByTestId("overview-ready");
    expect(screen.getByRole("heading", { name: /No emissions recorded for 2024/ })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Add activities" })).toHaveAttribute("href", "/activities?year=2024");
    expect(screen.getByRole("link", { name: "Import a CSV" })).toHaveAttribute("href", "/imports?year=2024");
    expect(screen.queryByTestId("kpi-scope1")).toBeNull();
  });

  it("offers a viewer no way to add data", async () => {
    signIn("viewer");
    stub(emptyYear);
    show("/?year=2024");
    await screen.findByTestId("overview-ready");
    expect(screen.getByText(/once an editor adds activities/)).toBeInTheDocument();
    expect(screen.queryByRole("link")).toBeNull();
  });

  it("asks for no year before 1990", async () => {
    show("/?year=1990");
    await screen.findByTestId("overview-ready");
    const years = calls.filter((u) => u.pathname === "/api/emissions/summary").map((u) => u.searchParams.get("year"));
    expect(years).toEqual(["1990"]);
    expect(screen.getByTestId("kpi-change")).toHaveTextContent("No emissions recorded for 1989");
  });

  it("offers a retry after a server error, and recovers", async () => {
    let fail = true;
    const ok = normal();
    stub((u) => (fail && u.pathname === "/api/emissions/summary" ? { status: 500, body: { error: { code: "internal", message: "boom" } } } : ok(u)));
    show();
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The server had a problem");
    expect(screen.queryByTestId("overview-ready")).toBeNull();
    fail = false;
    fireEvent.click(within(alert).getByRole("button", { name: "Retry" }));
    await screen.findByTestId("overview-ready");
    expect(value("scope1")).toBe("10");
  });
});
