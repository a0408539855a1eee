import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router-dom";
import { setSession } from "@/lib/session";
import type { Role } from "@/config";
import type { Target } from "@/features/targets/api/get-targets";
import { TargetsPage } from "@/features/targets/components/targets-page";
import { latestGap, trajectorySeries } from "@/features/targets/components/trajectory";

// jsdom has no canvas: the line chart is a stand-in that shows its series.
vi.mock("react-chartjs-2", () => ({
  Line: (p: { "aria-label"?: string; data: { datasets: { label: string; data: (number | null)[] }[] } }) => (
    <canvas role="img" aria-label={p["aria-label"]} data-series={p.data.datasets.map((d) => `${d.label}=${d.data.join("|")}`).join(";")} />
  ),
}));

let targets: Target[];
let calls: { method: string; path: string; body?: any }[];

function check(t: Target) {
  const traj = [];
  for (let y = t.base_year; y <= t.target_year; y++)
    traj.push({ year: y, required_t: 100 * (1 - (t.reduction_pct / 100) * ((y - t.base_year) / (t.target_year - t.base_year))), actual_t: y === t.base_year ? 100 : y === 2024 ? 70 : null });
  return {
    id: t.id,
    name: t.name,
    scopes: t.scopes,
    kind: t.kind,
    valid: t.reduction_pct >= 42,
    findings: [
      { criterion: "C13 Base year", passed: true, message: `base year ${t.base_year}; 2015 or later needed` },
      { criterion: "C15-C18 Ambition", passed: t.reduction_pct >= 42, message: "4.2 % a year needed for 1.5C" },
    ],
    trajectory: traj,
    on_track: t.name.includes("slow") ? false : true,
  };
}

function host(method: string, path: string, body: any): [number, unknown] {
  if (path === "/api/targets" && method === "GET") return [200, targets];
  if (path === "/api/frameworks/sbti/status")
    return [200, { framework: "sbti", edition: "net-zero-standard-v1", year: 2025, targets: targets.map(check), company_findings: [{ criterion: "C4 Scope 3", passed: false, message: "scope 3 is 55.0 % of the total" }] }];
  if (path === "/api/targets" && method === "POST") {
    if (body.name === "Taken") return [422, { error: { code: "invalid_field", message: "name must be 1 to 200 bytes without NUL", field: "name" } }];
    const t = { id: `t${targets.length + 1}`, kind: "near_term", ambition: null, coverage_pct: 100, base_emissions_t: null, ...body };
    targets.push(t);
    return [201, { id: t.id }];
  }
  const m = path.match(/^\/api\/targets\/(\w+)$/);
  if (m && method === "PUT") {
    targets = targets.map((t) => (t.id === m[1] ? { ...t, coverage_pct: 100, base_emissions_t: null, ...body } : t));
    return [200, { id: m[1] }];
  }
  return [404, { error: { code: "not_found", message: path } }];
}

function start(role: Role, list: Target[] = []) {
  targets = list;
  calls = [];
  setSession({ accessToken: "t", refreshToken: "r", user: { id: "u", email: "e@x", name: "E", role }, company: { id: "c", name: "C" } });
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string, init?: RequestInit) => {
      const u = new URL(input, "http://host");
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      const method = init?.method ?? "GET";
      calls.push({ method, path: u.pathname, body });
      const [s, b] = host(method, u.pathname, body);
      return new Response(JSON.stringify(b), { status: s, headers: { "Content-Type": "application/json" } });
    }),
  );
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MemoryRouter initialEntries={["/targets?year=2025"]}>
        <TargetsPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const stored: Target = { id: "t1", name: "Near-term 1.5", scopes: "1+2", kind: "near_term", ambition: "1.5C", base_year: 2022, target_year: 2030, reduction_pct: 42, coverage_pct: 95, base_emissions_t: null };
const fill = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

afterEach(() => {
  vi.unstubAllGlobals();
  setSession(null);
});

describe("trajectory", () => {
  it("rounds the series to a tenth of a tonne and keeps gaps", () => {
    const pts = [
      { year: 2022, required_t: 57.293, actual_t: 57.293 },
      { year: 2023, required_t: 54.285, actual_t: null },
      { year: 2024, required_t: 51.277, actual_t: 60.04 },
    ];
    expect(trajectorySeries(pts)).toEqual({ labels: ["2022", "2023", "2024"], required: [57.3, 54.3, 51.3], actual: [57.3, null, 60] });
    expect(latestGap(pts)!.year).toBe(2024);
    expect(latestGap(pts)!.gap_t).toBeCloseTo(8.763);
    expect(latestGap([{ year: 2022, required_t: 1, actual_t: null }])).toBeNull();
  });
});

describe("TargetsPage", () => {
  it("shows each target's SBTi findings, on-track badge and trajectory with its table", async () => {
    start("viewer", [stored, { ...stored, id: "t2", name: "Too slow", reduction_pct: 20 }]);
    const badges = await screen.findAllByTestId("on-track-badge");
    expect(badges.map((b) => b.textContent)).toEqual(["On track", "Off track"]);
    expect(screen.getByText("scope 3 is 55.0 % of the total")).toBeInTheDocument();
    const slow = screen.getByRole("region", { name: "Too slow" });
    expect(within(slow).getByText("Fails an SBTi criterion")).toBeInTheDocument();
    expect(within(slow).getAllByText("Failed:")).toHaveLength(1);
    const chart = within(slow).getByRole("img", { name: /Too slow: required and actual emissions, 2022 to 2030/ });
    expect(chart.getAttribute("data-series")).toContain("Actual (tCO2e)=100||70|||||");
    fireEvent.click(within(slow).getByRole("button", { name: /Show table/ }));
    const table = within(slow).getByRole("table", { name: "Too slow: required and actual emissions" });
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(10); // header + 2022..2030
    expect(within(rows[3]).getAllByRole("cell").map((c) => c.textContent)).toEqual(["2024", "95", "70"]);
    expect(within(slow).getByRole("button", { name: /Download CSV/ })).toBeInTheDocument();
    // Viewers: no write controls.
    expect(screen.queryByRole("button", { name: "New target" })).toBeNull();
    expect(screen.queryByRole("button", { name: /^Edit/ })).toBeNull();
  });

  it("checks a new target before sending it", async () => {
    start("editor");
    fireEvent.click(await screen.findByRole("button", { name: "New target" }));
    fill("Name", "Near-term");
    fill("Base year", "2030");
    fill("Target year", "2025");
    fill("Reduction (%)", "120");
    fireEvent.click(screen.getByRole("button", { name: "Create target" }));
    expect(await screen.findByText("The target year must be after the base year")).toBeInTheDocument();
    expect(screen.getByText("Enter a reduction above 0 and at most 100 %")).toBeInTheDocument();
    expect(screen.getByLabelText("Target year")).toHaveAttribute("aria-invalid", "true");
    expect(calls.filter((c) => c.method !== "GET")).toHaveLength(0);
  });

  it("creates a target, shows a 422 at its field, then lists the target with its check", async () => {
    start("editor");
    fireEvent.click(await screen.findByRole("button", { name: "New target" }));
    fill("Name", "Taken");
    fill("Base year", "2022");
    fill("Target year", "2030");
    fill("Reduction (%)", "42");
    fill("Coverage (%)", "95");
    fireEvent.click(screen.getByRole("button", { name: "Create target" }));
    expect(await screen.findByText("name must be 1 to 200 bytes without NUL")).toBeInTheDocument();
    expect(screen.getByLabelText("Name")).toHaveAttribute("aria-invalid", "true");
    fill("Name", "Near-term");
    fireEvent.click(screen.getByRole("button", { name: "Create target" }));
    expect(await screen.findByTestId("on-track-badge")).toHaveTextContent("On track");
    expect(calls.filter((c) => c.method === "POST").at(-1)!.body).toEqual({ name: "Near-term", scopes: "1+2", kind: "near_term", ambition: "1.5C", base_year: 2022, target_year: 2030, reduction_pct: 42, coverage_pct: 95 });
    expect(screen.queryByRole("form", { name: "New target" })).toBeNull();
    // The SBTi check was read again after the write.
    expect(calls.filter((c) => c.path === "/api/frameworks/sbti/status").length).toBeGreaterThanOrEqual(2);
  });

  it("edits a target with PUT", async () => {
    start("editor", [stored]);
    fireEvent.click(await screen.findByRole("button", { name: "Edit Near-term 1.5" }));
    expect(screen.getByLabelText("Base year")).toHaveValue("2022");
    fill("Reduction (%)", "50");
    fireEvent.click(screen.getByRole("button", { name: "Save target" }));
    await waitFor(() => expect(screen.queryByRole("button", { name: "Save target" })).toBeNull());
    const put = calls.find((c) => c.method === "PUT")!;
    expect(put.path).toBe("/api/targets/t1");
    expect(put.body).toMatchObject({ reduction_pct: 50, base_year: 2022, target_year: 2030, coverage_pct: 95, ambition: "1.5C" });
    expect(await screen.findByText(/−50 % from 2022 to 2030/)).toBeInTheDocument();
  });
});
