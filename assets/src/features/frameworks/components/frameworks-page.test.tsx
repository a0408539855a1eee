import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router-dom";
import { setSession } from "@/lib/session";
import type { Role } from "@/config";
import { FrameworksPage } from "@/features/frameworks/components/frameworks-page";

// A fake host behind fetch: four frameworks whose status follows the values
// stored through POST /api/esg/metrics, as the real engine's does.

const DICT = [
  { id: "ghg.scope1.gross", title: "Gross Scope 1 GHG emissions", unit: "tCO2e", type: "quantity", source: "calculated" },
  { id: "workforce.headcount", title: "Employees (headcount)", unit: "count", type: "quantity", source: "reported" },
  { id: "strategy.climate.risks_opportunities", title: "Climate-related risks and opportunities identified", type: "narrative", source: "reported" },
];
// Which metric each framework's one disclosure maps to.
const MAP: Record<string, { id: string; pillar: string; metrics: string[] }[]> = {
  gri: [
    { id: "2-7", pillar: "Activities and workers", metrics: ["workforce.headcount"] },
    { id: "201-2", pillar: "Economic", metrics: ["strategy.climate.risks_opportunities"] },
  ],
  tcfd: [{ id: "10", pillar: "strategy", metrics: ["strategy.climate.risks_opportunities"] }],
  csrd: [
    { id: "E1.SBM-3", pillar: "E1", metrics: ["strategy.climate.risks_opportunities"] },
    { id: "S1-6", pillar: "S1", metrics: ["workforce.headcount"] },
  ],
  sbti: [{ id: "inventory-scope12", pillar: "inventory", metrics: ["ghg.scope1.gross"] }],
};

let stored: Record<string, unknown>;
let materiality: unknown;
let calls: { method: string; path: string; body?: unknown }[];
let offline: boolean;

function status(fw: string, year: number) {
  const disclosures = MAP[fw].map((d) => {
    const have = d.metrics.filter((m) => m in stored);
    return {
      id: d.id,
      title: `Disclosure ${d.id}`,
      pillar: d.pillar,
      type: "quantitative",
      status: have.length === d.metrics.length ? "complete" : have.length ? "partial" : "missing",
      metrics: have.map((id) => ({ id, value: { value: stored[id], source: "reported" } })),
      findings: d.metrics.filter((m) => !(m in stored)).map((m) => `no value for ${m} in ${year}`),
      items: [],
    };
  });
  const complete = disclosures.filter((d) => d.status === "complete").length;
  return {
    framework: fw,
    edition: `${fw}-ed`,
    year,
    completeness: complete / disclosures.length,
    summary: { complete, partial: 0, missing: disclosures.length - complete, not_material: 0 },
    disclosures,
    ...(fw === "csrd" ? { materiality: { assessed: false, note: "no assessment" }, applicability: { in_scope: null, rule: "csrd-original", reason: "enter workforce.headcount and revenue" } } : {}),
  };
}

function catalog(fw: string) {
  return {
    framework: fw,
    edition: `${fw}-ed`,
    title: fw,
    effective_from: "2020-01-01",
    disclosures: MAP[fw].map((d) => ({ id: d.id, title: `Disclosure ${d.id}`, type: "quantitative", metrics: d.metrics, topic: d.pillar })),
    ...(fw === "csrd"
      ? { materiality: { assessed_per_topic: ["E1", "S1"], rule: "Material from either perspective." }, topical_standards: [{ id: "E1", title: "Climate change" }, { id: "S1", title: "Own workforce" }] }
      : {}),
  };
}

function host(method: string, path: string, q: URLSearchParams, body: any): [number, unknown] {
  const year = Number(q.get("year"));
  let m: RegExpMatchArray | null;
  if (path === "/api/frameworks") return [200, ["csrd", "gri", "sbti", "tcfd"].map((name) => ({ name, kind: "framework", version: "1" }))];
  if ((m = path.match(/^\/api\/frameworks\/(\w+)$/))) return [200, { id: m[1], name: `${m[1].toUpperCase()} Standards`, editions: [{ id: `${m[1]}-ed`, title: `${m[1].toUpperCase()} edition`, effective_from: "2020-01-01" }] }];
  if (path === "/api/frameworks/csrd/materiality" && method === "GET") return materiality ? [200, materiality] : [404, { error: { code: "not_assessed", message: "no assessment", field: "year" } }];
  if (path === "/api/frameworks/csrd/materiality" && method === "PUT") {
    if (body.topics.S1?.rationale === "refuse") return [422, { error: { code: "invalid_field", message: "rationale refused", field: "topics.S1" } }];
    materiality = body;
    return [200, { year: body.year, stored: true }];
  }
  if ((m = path.match(/^\/api\/frameworks\/(\w+)\/status$/))) return [200, status(m[1], year)];
  if ((m = path.match(/^\/api\/frameworks\/(\w+)\/catalog$/))) return [200, catalog(m[1])];
  if (path === "/api/metrics/dictionary") return [200, { dictionary: "d", version: "1", metrics: DICT }];
  if (path === "/api/esg/metrics" && method === "GET")
    return [200, { year, values: Object.fromEntries(Object.entries(stored).map(([k, v]) => [k, { value: v, unit: null, source: "reported" }])) }];
  if (path === "/api/esg/metrics" && method === "POST") {
    const i = body.values.findIndex((v: { value: unknown }) => v.value === 999999);
    if (i >= 0) return [422, { error: { code: "invalid_value", message: "headcount looks wrong", field: `values[${i}].value` } }];
    for (const v of body.values) stored[v.metric_id] = v.value;
    return [201, { stored: body.values.length }];
  }
  if (path === "/api/insights")
    return [200, { year, findings: [{ kind: "yoy_change", severity: "warning", subject: "Scope 1", reason: "Scope 1 rose 100 % from 27.4 t to 54.9 t" }], hot_spots: [{ rank: 1, category: "stationary_combustion", facility_id: null, facility: null, tco2e: 54.9, share_pct: 84.4, reason: "stationary_combustion: 84.4 % of the total" }], levers: [] }];
  return [404, { error: { code: "not_found", message: path } }];
}

function start(role: Role, entry = "/frameworks?year=2025&framework=gri") {
  stored = {};
  materiality = null;
  calls = [];
  offline = false;
  setSession({ accessToken: "t", refreshToken: "r", user: { id: "u", email: "e@x", name: "E", role }, company: { id: "c", name: "C" } });
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string, init?: RequestInit) => {
      const u = new URL(input, "http://host");
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      const method = init?.method ?? "GET";
      calls.push({ method, path: u.pathname, body });
      if (offline && method !== "GET") throw new TypeError("Failed to fetch");
      const [s, b] = host(method, u.pathname, u.searchParams, body);
      return new Response(JSON.stringify(b), { status: s, headers: { "Content-Type": "application/json" } });
    }),
  );
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={qc}>
      <MemoryRouter initialEntries={[entry]}>
        <FrameworksPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const meter = (id: string) => screen.findByTestId(`readiness-${id}`);
const value = async (id: string) => Number((await meter(id)).getAttribute("data-value"));
const disclosure = async (id: string) => {
  const li = await waitFor(() => {
    const el = document.querySelector(`[data-disclosure="${id}"]`);
    if (!el) throw new Error(`no ${id}`);
    return el as HTMLElement;
  });
  return li;
};
const open = async (id: string) => {
  const li = await disclosure(id);
  const details = li.querySelector("details")!;
  details.open = true;
  fireEvent(details, new Event("toggle"));
  return li;
};

afterEach(() => {
  vi.unstubAllGlobals();
  setSession(null);
});

describe("FrameworksPage", () => {
  it("shows a readiness meter per framework with the edition in force, each from its status", async () => {
    start("editor");
    for (const id of ["gri", "tcfd", "sbti", "csrd"]) {
      const m = await meter(id);
      expect(m).toHaveAttribute("role", "meter");
      expect(m).toHaveAccessibleName(`${id.toUpperCase()} Standards readiness`);
      expect(m.getAttribute("data-value")).toBe("0");
    }
    expect(screen.getAllByText(/GRI edition \(gri-ed\), in force from 2020-01-01/).length).toBeGreaterThan(0);
    for (const id of ["gri", "tcfd", "sbti", "csrd"]) expect(calls.some((c) => c.path === `/api/frameworks/${id}/status`)).toBe(true);
    expect(calls.some((c) => c.path.endsWith("/report"))).toBe(false);
    // Insights with their reasons.
    expect(await screen.findByText("Scope 1 rose 100 % from 27.4 t to 54.9 t")).toBeInTheDocument();
    expect(screen.getByText("stationary_combustion: 84.4 % of the total")).toBeInTheDocument();
  });

  it("a value entered once in GRI completes TCFD and CSRD too", async () => {
    start("editor");
    const li = await open("201-2");
    expect(within(li).getByText("no value for strategy.climate.risks_opportunities in 2025")).toBeInTheDocument();
    fireEvent.change(await within(li).findByLabelText("Climate-related risks and opportunities identified"), { target: { value: "Flooding at two plants" } });
    fireEvent.click(within(li).getByRole("button", { name: "Save values for 201-2" }));
    await within(li).findByText(/Saved for 2025/);
    const post = calls.find((c) => c.method === "POST")!;
    expect(post.body).toEqual({ values: [{ metric_id: "strategy.climate.risks_opportunities", period_start: "2025-01-01", period_end: "2025-12-31", value: "Flooding at two plants" }] });
    await waitFor(async () => expect(await value("tcfd")).toBe(1));
    expect(await value("gri")).toBe(0.5);
    expect(await value("csrd")).toBe(0.5);
    expect(await value("sbti")).toBe(0);
  });

  it("shows the server's refusal at the field it names and keeps what was typed", async () => {
    start("owner");
    const li = await open("2-7");
    const box = await within(li).findByLabelText("Employees (headcount) (count)");
    fireEvent.change(box, { target: { value: "999999" } });
    fireEvent.click(within(li).getByRole("button", { name: "Save values for 2-7" }));
    expect(await within(li).findByText("headcount looks wrong")).toBeInTheDocument();
    expect(box).toHaveAttribute("aria-invalid", "true");
    expect(box).toHaveValue("999999");
    // Checked before sending: a negative count never leaves the browser.
    const posts = calls.filter((c) => c.method === "POST").length;
    fireEvent.change(box, { target: { value: "-3" } });
    fireEvent.click(within(li).getByRole("button", { name: "Save values for 2-7" }));
    expect(await within(li).findByText("Enter 0 or more")).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(posts);
  });

  it("keeps values typed while offline as a pending draft", async () => {
    start("editor");
    const li = await open("2-7");
    offline = true;
    fireEvent.change(await within(li).findByLabelText("Employees (headcount) (count)"), { target: { value: "120" } });
    fireEvent.click(within(li).getByRole("button", { name: "Save values for 2-7" }));
    expect(await within(li).findByText(/Not sent: the server could not be reached/)).toBeInTheDocument();
    expect(within(li).getByText("Pending sync")).toBeInTheDocument();
    const kept = JSON.parse(localStorage.getItem("cd.drafts.u.c")!);
    expect(kept[0]).toMatchObject({ key: "esg:2025:gri:2-7", status: "pending", payload: { form: { "workforce.headcount": "120" }, body: [{ metric_id: "workforce.headcount", value: 120, unit: "count" }] } });
  });

  it("filters the disclosures by status", async () => {
    start("editor");
    await disclosure("2-7");
    fireEvent.change(screen.getByLabelText("Show GRI Standards disclosures"), { target: { value: "complete" } });
    expect(screen.getByText("No disclosure is complete.")).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText("Show GRI Standards disclosures"), { target: { value: "missing" } });
    expect(document.querySelectorAll("[data-disclosure]")).toHaveLength(2);
  });

  it("gives viewers and auditors the values but no inputs or save buttons", async () => {
    start("auditor");
    const li = await open("2-7");
    expect(await within(li).findByText("No value")).toBeInTheDocument();
    expect(within(li).queryByRole("textbox")).toBeNull();
    expect(screen.queryByRole("button", { name: /Save/ })).toBeNull();
  });

  it("CSRD: edits the double-materiality grid and shows a refusal at its topic", async () => {
    start("editor", "/frameworks?year=2025&framework=csrd");
    expect(await screen.findByText(/Not assessed for 2025/)).toBeInTheDocument();
    expect(screen.getByText(/CSRD applicability: Not known yet/)).toBeInTheDocument();
    fireEvent.click(screen.getByLabelText("E1 impact material"));
    fireEvent.change(screen.getByLabelText("E1 rationale"), { target: { value: "Gas boilers" } });
    fireEvent.change(screen.getByLabelText("S1 rationale"), { target: { value: "refuse" } });
    fireEvent.click(screen.getByRole("button", { name: "Save assessment" }));
    const row = document.querySelector('[data-topic="S1"]') as HTMLElement;
    expect(await within(row).findByText("rationale refused")).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText("S1 rationale"), { target: { value: "Office staff only" } });
    fireEvent.click(screen.getByRole("button", { name: "Save assessment" }));
    await screen.findByText("Assessment saved for 2025.");
    expect(calls.filter((c) => c.method === "PUT").at(-1)!.body).toEqual({
      year: 2025,
      topics: { E1: { impact: true, financial: false, rationale: "Gas boilers" }, S1: { impact: false, financial: false, rationale: "Office staff only" } },
    });
    expect(within(document.querySelector('[data-topic="E1"]') as HTMLElement).getByText("Material")).toBeInTheDocument();
  });

  it("a viewer sees the materiality grid read only", async () => {
    start("viewer", "/frameworks?year=2025&framework=csrd");
    await screen.findByText(/Not assessed for 2025/);
    expect(screen.queryByLabelText("E1 impact material")).toBeNull();
    expect(screen.queryByRole("button", { name: "Save assessment" })).toBeNull();
  });
});
