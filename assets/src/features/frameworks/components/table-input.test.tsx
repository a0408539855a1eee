import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { MetricValue } from "@/features/frameworks/api/get-metric-values";
import type { MetricField } from "@/features/frameworks/components/catalog-fields";
import { MetricForm } from "@/features/frameworks/components/metric-form";
import { MetricValues } from "@/features/frameworks/components/metric-values";

// The table editor inside a disclosure's form, against a fetch stub.

const gases: MetricField = {
  metricId: "ghg.gases",
  label: "Greenhouse gases included",
  kind: "table",
  role: "datapoint",
  note: "305-1-b",
  calculated: false,
  columns: [
    { id: "gas", title: "Gas", type: "text", required: true },
    { id: "share", title: "Share", type: "number", unit: "%", required: false },
    { id: "included", title: "Included", type: "boolean", required: true },
  ],
};

let posts: unknown[];

function renderForm(reply: (body: unknown) => [number, unknown], current: Record<string, MetricValue> = {}) {
  posts = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (_: string, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body));
      posts.push(body);
      const [s, b] = reply(body);
      return new Response(JSON.stringify(b), { status: s, headers: { "Content-Type": "application/json" } });
    }),
  );
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={qc}>
      <MetricForm formKey="esg:2025:gri:305-1" disclosureId="305-1" fields={[gases]} current={current} year={2025} />
    </QueryClientProvider>,
  );
}

const save = () => fireEvent.click(screen.getByRole("button", { name: "Save values for 305-1" }));

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe("TableInput", () => {
  it("adds rows with a labelled input per column, marks required columns and sends typed rows", async () => {
    renderForm(() => [201, { stored: 1 }]);
    const group = screen.getByRole("group", { name: "Greenhouse gases included" });
    expect(within(group).getByText("No rows yet.")).toBeInTheDocument();
    fireEvent.click(screen.getByRole("button", { name: "Add row to Greenhouse gases included" }));
    fireEvent.click(screen.getByRole("button", { name: "Add row to Greenhouse gases included" }));
    expect(screen.getByRole("columnheader", { name: "Gas (required)" })).toBeInTheDocument();
    expect(screen.getByRole("columnheader", { name: "Share (%)" })).toBeInTheDocument();
    expect(screen.getByLabelText("Gas, row 1")).toHaveAttribute("aria-required", "true");
    expect(screen.getByLabelText("Share (%), row 1")).toHaveAttribute("aria-required", "false");
    fireEvent.change(screen.getByLabelText("Gas, row 1"), { target: { value: "CO2" } });
    fireEvent.change(screen.getByLabelText("Share (%), row 1"), { target: { value: "98.5" } });
    fireEvent.click(screen.getByLabelText("Included, row 1"));
    fireEvent.change(screen.getByLabelText("Gas, row 2"), { target: { value: "SF6" } });
    fireEvent.click(screen.getByRole("button", { name: "Remove row 2 of Greenhouse gases included" }));
    expect(screen.queryByLabelText("Gas, row 2")).toBeNull();
    save();
    await screen.findByText(/Saved for 2025/);
    expect(posts).toEqual([
      { values: [{ metric_id: "ghg.gases", period_start: "2025-01-01", period_end: "2025-12-31", value: [{ gas: "CO2", share: 98.5, included: true }] }] },
    ]);
  });

  it("shows a wrong cell before sending, and the server's refusal at the cell it names", async () => {
    renderForm(() => [422, { error: { code: "invalid_value", message: "'gas' takes text of 1 to 2000 bytes", field: "values[0].value[1].gas" } }], {
      "ghg.gases": { value: [{ gas: "CO2", included: true }], unit: null, source: "reported" },
    });
    // The stored rows are in the editor.
    expect(screen.getByLabelText("Gas, row 1")).toHaveValue("CO2");
    expect(screen.getByLabelText("Included, row 1")).toBeChecked();
    fireEvent.click(screen.getByRole("button", { name: "Add row to Greenhouse gases included" }));
    fireEvent.change(screen.getByLabelText("Share (%), row 2"), { target: { value: "-4" } });
    save();
    expect(await screen.findByText("Enter 0 or more")).toBeInTheDocument();
    expect(screen.getByText("Required")).toBeInTheDocument();
    expect(screen.getByLabelText("Gas, row 2")).toHaveAttribute("aria-invalid", "true");
    expect(posts).toHaveLength(0);

    fireEvent.change(screen.getByLabelText("Share (%), row 2"), { target: { value: "1" } });
    fireEvent.change(screen.getByLabelText("Gas, row 2"), { target: { value: "CH4" } });
    save();
    const gas = screen.getByLabelText("Gas, row 2");
    expect(await screen.findByText("'gas' takes text of 1 to 2000 bytes")).toBeInTheDocument();
    expect(gas).toHaveAttribute("aria-invalid", "true");
    expect(gas).toHaveAccessibleDescription("'gas' takes text of 1 to 2000 bytes");
    expect(gas).toHaveValue("CH4");
  });

  it("is shown read only as a table to viewers", () => {
    render(<MetricValues fields={[gases]} current={{ "ghg.gases": { value: [{ gas: "CO2", share: 98.5, included: true }], unit: null, source: "reported" } }} />);
    const table = screen.getByRole("table", { name: "Rows of Greenhouse gases included" });
    expect(within(table).getAllByRole("cell").map((c) => c.textContent)).toEqual(["CO2", "98.5", "Yes"]);
    expect(screen.queryByRole("textbox")).toBeNull();
  });
});
