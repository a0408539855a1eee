import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import "@/app/draft-senders";
import { getDraft, listDrafts, syncDrafts } from "@/lib/drafts";
import { setSession } from "@/lib/session";
import { ActivityForm } from "@/features/activities/components/activity-form";
import { ELECTRICITY, RESULT, STATIONARY, signIn, stubFetch, type Call, type Route } from "@/features/activities/components/test-fixtures";

const CALCS = [STATIONARY, ELECTRICITY];

function renderForm() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <ActivityForm calculators={CALCS} year={2024} />
    </QueryClientProvider>,
  );
}

const base: Route = (c) => {
  if (c.path === "/api/facilities") return { status: 200, body: { facilities: [{ id: "f1", name: "Leeds plant", country: "GB" }] } };
  if (c.path === "/api/calculate") return { status: 200, body: { records: [{ index: 0, results: [RESULT] }] } };
  return undefined;
};

const posts = (calls: Call[], path: string) => calls.filter((c) => c.method === "POST" && c.path === path);

function fillGas(quantity = "1000") {
  fireEvent.change(screen.getByLabelText("Activity (required)"), { target: { value: "natural_gas" } });
  fireEvent.change(screen.getByLabelText("Quantity (required)"), { target: { value: quantity } });
}

beforeEach(() => signIn("editor"));
afterEach(() => {
  setSession(null);
  vi.unstubAllGlobals();
});

describe("the activity form generated from GET /api/calculators", () => {
  it("shows the chosen calculator's activities, units and own fields", () => {
    stubFetch(base);
    renderForm();
    const options = (label: string) => Array.from((screen.getByLabelText(label) as HTMLSelectElement).options).map((o) => o.textContent);
    expect(options("Activity (required)")).toEqual(["Choose an activity…", "Natural gas", "LPG"]);
    expect(options("Unit (required)")).toEqual(["kWh", "m3", "l"]);
    expect(screen.queryByLabelText("Supplier factor")).toBeNull();

    fireEvent.change(screen.getByLabelText("Category"), { target: { value: "electricity" } });
    expect(options("Unit (required)")).toEqual(["kWh", "MWh"]);
    expect(options("Activity (required)")).toEqual(["Choose an activity…", "Grid electricity (purchased)"]);
    expect(screen.getByLabelText("Supplier factor")).toHaveAttribute("inputmode", "decimal");
    expect(options("Include T&D")).toEqual(["(default)", "Yes", "No"]);
    expect(options("Instrument type")).toEqual(["(default)", "rego", "ppa"]);
    expect(screen.getByRole("group", { name: "Instrument" })).toBeInTheDocument();
    expect(screen.getByLabelText("Contract (required)")).toBeInTheDocument();
  });

  it("checks required fields before sending anything", async () => {
    const calls = stubFetch(base);
    renderForm();
    fireEvent.change(screen.getByLabelText("Category"), { target: { value: "electricity" } });
    fireEvent.click(screen.getByRole("button", { name: "Save activity" }));
    expect(await screen.findByText("Choose an activity")).toBeInTheDocument();
    expect(screen.getByText("Enter the quantity")).toBeInTheDocument();
    expect(screen.getByText("Enter contract")).toBeInTheDocument();
    expect(screen.getByLabelText("Quantity (required)")).toHaveAttribute("aria-invalid", "true");
    await new Promise((r) => setTimeout(r, 500));
    expect(posts(calls, "/api/activities")).toHaveLength(0);
    expect(posts(calls, "/api/calculate")).toHaveLength(0);
  });

  it("previews the emissions with the factor's provenance while typing, storing nothing", async () => {
    const calls = stubFetch(base);
    renderForm();
    fillGas();
    const total = await screen.findByTestId("preview-co2e", {}, { timeout: 2000 });
    expect(total).toHaveAttribute("data-value", "182.9");
    const preview = screen.getByRole("region", { name: "Preview" });
    for (const text of ["desnz-2024", "desnz-2024/fuels/natural-gas/kwh", "UK DESNZ 2024 flat file", "CO2 182.5 kg · CH4 0.01 kg · N2O 0.00034 kg", "0.1829 kg CO2e per kWh (Gross CV)"])
      expect(within(preview).getByText(text)).toBeInTheDocument();
    expect(within(preview).getByText("AR5")).toBeInTheDocument();
    expect(posts(calls, "/api/calculate").at(-1)?.body).toEqual({ category: "stationary_combustion", activity: "natural_gas", quantity: 1000, unit: "kWh", period_start: "2024-01-01", period_end: "2024-12-31" });
    expect(posts(calls, "/api/activities")).toHaveLength(0);
  });

  it("offers a retry when the preview fails on the server", async () => {
    let fail = true;
    stubFetch((c) => (c.path === "/api/calculate" && fail ? { status: 500, body: { error: { code: "internal", message: "factor store down" } } } : base(c)));
    renderForm();
    fillGas();
    const retry = await screen.findByRole("button", { name: "Retry" }, { timeout: 2000 });
    expect(screen.getByText("factor store down")).toBeInTheDocument();
    fail = false;
    fireEvent.click(retry);
    expect(await screen.findByTestId("preview-co2e")).toHaveAttribute("data-value", "182.9");
  });

  it("saves {records:[record]} and clears the draft", async () => {
    const calls = stubFetch((c) => (c.path === "/api/activities" ? { status: 201, body: { stored: 1, activities: [{ id: "a1", index: 0, results: [RESULT] }] } } : base(c)));
    renderForm();
    fillGas();
    expect(getDraft("activity-form")?.status).toBe("saved");
    expect(screen.getByText("Draft saved")).toBeInTheDocument();
    fireEvent.click(screen.getByRole("button", { name: "Save activity" }));
    expect(await screen.findByText("Saved: 182.9 kg CO2e stored.")).toBeInTheDocument();
    expect(posts(calls, "/api/activities")[0].body).toEqual({ records: [expect.objectContaining({ activity: "natural_gas", quantity: 1000 })] });
    expect(getDraft("activity-form")).toBeUndefined();
    expect((screen.getByLabelText("Quantity (required)") as HTMLInputElement).value).toBe("");
  });

  it("shows the server's 422 at the field it names", async () => {
    stubFetch((c) =>
      c.path === "/api/activities" ? { status: 422, body: { error: { code: "unit_mismatch", message: "record 0: no factor in m3 for lpg", field: "records[0].unit" } } } : base(c),
    );
    renderForm();
    fillGas();
    fireEvent.click(screen.getByRole("button", { name: "Save activity" }));
    const unit = screen.getByLabelText("Unit (required)");
    await waitFor(() => expect(unit).toHaveAttribute("aria-invalid", "true"));
    expect(document.getElementById(unit.getAttribute("aria-describedby")!)).toHaveTextContent("no factor in m3 for lpg");
    expect(getDraft("activity-form")?.payload).toMatchObject({ values: { quantity: "1000" } });
  });

  it("keeps what was typed across a reload", () => {
    stubFetch(base);
    const first = renderForm();
    fillGas("750");
    first.unmount();
    renderForm();
    expect(screen.getByLabelText("Quantity (required)")).toHaveValue("750");
    expect(screen.getByLabelText("Activity (required)")).toHaveValue("natural_gas");
  });

  it("queues a submission the network lost, sends it when back, and shows a refusal's reason", async () => {
    let online = false;
    let refuse = false;
    const calls = stubFetch((c) => {
      if (c.path !== "/api/activities") return base(c);
      if (!online) return "network";
      if (refuse) return { status: 422, body: { error: { code: "invalid_field", message: "record 0: quantity is too large", field: "records[0].quantity" } } };
      return { status: 201, body: { stored: 1, activities: [{ id: "a1", index: 0, results: [RESULT] }] } };
    });
    renderForm();
    fillGas();
    fireEvent.click(screen.getByRole("button", { name: "Save activity" }));
    expect(await screen.findByText("Pending sync")).toBeInTheDocument();
    expect(listDrafts().filter((d) => d.status === "pending")).toHaveLength(1);

    online = true;
    // Two syncs at once (the online event and a mount) send it once.
    await Promise.all([syncDrafts(), syncDrafts()]);
    await waitFor(() => expect(screen.queryByText("Pending sync")).toBeNull());
    expect(posts(calls, "/api/activities").filter((c) => c.body)).toHaveLength(2); // the lost one and the delivered one
    expect(listDrafts()).toEqual([]);

    online = false;
    fillGas("9e9");
    fireEvent.click(screen.getByRole("button", { name: "Save activity" }));
    await screen.findByText("Pending sync");
    online = true;
    refuse = true;
    await syncDrafts();
    expect(await screen.findByText("Sync failed: record 0: quantity is too large")).toBeInTheDocument();
    fireEvent.click(screen.getByRole("button", { name: /^Edit/ }));
    expect(screen.getByLabelText("Quantity (required)")).toHaveValue("9000000000");
    expect(screen.getByText("record 0: quantity is too large")).toBeInTheDocument();
    expect(listDrafts().filter((d) => d.status === "failed")).toEqual([]);
  });
});
