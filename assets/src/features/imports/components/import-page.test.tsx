import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router-dom";
import { setSession } from "@/lib/session";
import type { Job } from "@/features/imports/api/job";
import { ImportPage } from "@/features/imports/components/import-page";

type Call = { method: string; path: string; headers: Record<string, string>; body: unknown };
let calls: Call[];

const job = (over: Partial<Job>): Job => ({
  id: "j1",
  kind: "import",
  state: "queued",
  total: 4,
  processed: 0,
  rejected: 0,
  progress: 0,
  error: null,
  created_at: "",
  updated_at: "",
  ...over,
});

function stub(jobs: Job[]) {
  calls = [];
  let polls = 0;
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string, init?: RequestInit) => {
      const u = new URL(input, "http://host");
      calls.push({ method: init?.method ?? "GET", path: u.pathname, headers: (init?.headers ?? {}) as Record<string, string>, body: init?.body });
      const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
      if (u.pathname === "/api/calculators") return json(200, [{ category: "electricity", fields: [{ name: "supplier_factor", type: "number" }] }, { name: "insights" }]);
      if (u.pathname === "/api/activities/import") return json(202, jobs[0]);
      if (u.pathname === "/api/jobs/j1") return json(200, jobs[Math.min(polls++, jobs.length - 1)]);
      return json(404, { error: { code: "not_found", message: "no" } });
    }),
  );
}

function renderPage(role: "editor" | "viewer" = "editor") {
  setSession({ accessToken: "t", refreshToken: "r", user: { id: "u", email: "e@x.y", name: "n", role }, company: { id: "c", name: "c" } });
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={qc}>
      <MemoryRouter initialEntries={["/imports?year=2024"]}>
        <ImportPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const CSV = "Category,Fuel,Qty,Unit,Start,End,Notes\nstationary_combustion,natural_gas,10,kWh,2024-01-01,2024-01-31,ok\nstationary_combustion,nope,10,kWh,2024-01-01,2024-01-31,bad\n";

async function choose(text = CSV) {
  fireEvent.change(screen.getByLabelText("CSV file"), { target: { files: [new File([text], "gas.csv", { type: "text/csv" })] } });
  return screen.findByRole("region", { name: "2. Map the columns of gas.csv" });
}

afterEach(() => {
  setSession(null);
  vi.unstubAllGlobals();
});

describe("the import screen", () => {
  it("maps the columns, uploads the rewritten CSV with an Idempotency-Key and shows progress and rejections", async () => {
    stub([
      job({ state: "queued" }),
      job({ state: "running", progress: 0.5, processed: 1 }),
      job({ state: "done", progress: 1, processed: 1, rejected: 1, rejections: [{ row: 3, field: "activity", code: "invalid_field", message: 'unknown activity "nope"' }] }),
    ]);
    renderPage();
    const step = await choose();
    expect(screen.getByLabelText("Import column “Category” as")).toHaveValue("category");
    expect(screen.getByLabelText("Import column “Qty” as")).toHaveValue("quantity");
    expect(screen.getByLabelText("Import column “Notes” as")).toHaveValue("");
    expect(within(step).getByRole("alert")).toHaveTextContent("Map a column to each required one: activity.");
    const upload = within(step).getByRole("button", { name: "Upload" });
    expect(upload).toBeDisabled();
    const fuel = screen.getByLabelText("Import column “Fuel” as");
    await waitFor(() => expect(Array.from((fuel as HTMLSelectElement).options).map((o) => o.value)).toContain("supplier_factor"));
    fireEvent.change(fuel, { target: { value: "activity" } });
    expect(within(step).queryByRole("alert")).toBeNull();
    fireEvent.click(upload);

    const bar = await screen.findByRole("progressbar", { name: "Import progress" });
    const post = calls.find((c) => c.method === "POST")!;
    expect(post.headers["Content-Type"]).toBe("text/csv");
    expect(post.headers["Idempotency-Key"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(post.body).toBe(
      "category,activity,quantity,unit,period_start,period_end\nstationary_combustion,natural_gas,10,kWh,2024-01-01,2024-01-31\nstationary_combustion,nope,10,kWh,2024-01-01,2024-01-31\n",
    );
    await waitFor(() => expect(bar).toHaveAttribute("aria-valuenow", "100"), { timeout: 3000 });
    const table = await screen.findByRole("table", { name: "Rejected rows" });
    expect(within(table).getAllByRole("row")).toHaveLength(2);
    expect(within(table).getByRole("cell", { name: "3" })).toBeInTheDocument();
    expect(within(table).getByText('unknown activity "nope"')).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Download rejected rows (CSV)" })).toBeInTheDocument();
    const polls = calls.filter((c) => c.path === "/api/jobs/j1").length;
    await new Promise((r) => setTimeout(r, 1200));
    expect(calls.filter((c) => c.path === "/api/jobs/j1").length).toBe(polls);
  });

  it("a new file gets a new Idempotency-Key", async () => {
    stub([job({ state: "done", progress: 1 })]);
    renderPage();
    await choose("category,activity,quantity,unit,period_start,period_end\n");
    fireEvent.click(screen.getByRole("button", { name: "Upload" }));
    await screen.findByRole("progressbar");
    fireEvent.click(screen.getByRole("button", { name: "Import another file" }));
    await choose("category,activity,quantity,unit,period_start,period_end\n");
    fireEvent.click(screen.getByRole("button", { name: "Upload" }));
    await waitFor(() => expect(calls.filter((c) => c.method === "POST")).toHaveLength(2));
    const [a, b] = calls.filter((c) => c.method === "POST").map((c) => c.headers["Idempotency-Key"]);
    expect(a).not.toBe(b);
  });

  it("gives viewers the template but no upload", async () => {
    stub([]);
    renderPage("viewer");
    expect(screen.queryByLabelText("CSV file")).toBeNull();
    expect(screen.getByRole("button", { name: "Download template" })).toBeInTheDocument();
  });
});
