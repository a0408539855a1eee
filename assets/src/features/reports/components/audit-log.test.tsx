import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { AuditLog } from "@/features/reports/components/audit-log";

const entry = (i: number, user = "u1") => ({
  at: `2025-03-0${(i % 9) + 1}T10:00:00Z`,
  user_id: user,
  user_name: user === "u1" ? "Erin Owner" : "Vic Viewer",
  user_email: `${user}@x.test`,
  action: i % 2 ? "activities.create" : "user.create",
  target: `t-${i}`,
  request_id: `r-${i}`,
  detail: { n: i },
});

let calls: URL[];
function serve(answer: (u: URL) => Response) {
  calls = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string) => {
      const u = new URL(input, "http://host");
      calls.push(u);
      return answer(u);
    }),
  );
}
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

function show() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <AuditLog />
    </QueryClientProvider>,
  );
}

beforeEach(() => serve(() => json({ total: 30, entries: [entry(1), entry(2, "u2")] })));
afterEach(() => vi.unstubAllGlobals());

describe("the audit log", () => {
  it("lists who did what, and offers the users seen as a filter", async () => {
    show();
    expect(await screen.findByText("activities.create")).toBeInTheDocument();
    expect(screen.getByText("Erin Owner <u1@x.test>")).toBeInTheDocument();
    expect(screen.getByText('{"n":2}')).toBeInTheDocument();
    expect(screen.getByRole("option", { name: "Vic Viewer" })).toBeInTheDocument();
    expect(calls[0].pathname).toBe("/api/audit");
    expect(calls[0].searchParams.get("offset")).toBe("0");
    expect(calls[0].searchParams.get("action")).toBeNull();
  });

  it("applies a filter from the first page and pages on with Next", async () => {
    show();
    await screen.findByText("1–25 of 30");
    fireEvent.click(screen.getByRole("button", { name: "Next page" }));
    await waitFor(() => expect(calls.at(-1)?.searchParams.get("offset")).toBe("25"));
    fireEvent.change(screen.getByLabelText("Action"), { target: { value: " user. " } });
    fireEvent.change(screen.getByLabelText("User"), { target: { value: "u2" } });
    fireEvent.change(screen.getByLabelText("From"), { target: { value: "2025-01-01" } });
    fireEvent.click(screen.getByRole("button", { name: "Filter" }));
    await waitFor(() => expect(calls.at(-1)?.searchParams.get("action")).toBe("user."));
    const last = calls.at(-1)!;
    expect(last.searchParams.get("user_id")).toBe("u2");
    expect(last.searchParams.get("from")).toBe("2025-01-01");
    expect(last.searchParams.get("to")).toBeNull();
    expect(last.searchParams.get("offset")).toBe("0");
  });

  it("refuses a backwards date range or a malformed action without asking the server", async () => {
    show();
    await screen.findByText("activities.create");
    const before = calls.length;
    fireEvent.change(screen.getByLabelText("From"), { target: { value: "2025-05-01" } });
    fireEvent.change(screen.getByLabelText("To"), { target: { value: "2025-04-01" } });
    fireEvent.change(screen.getByLabelText("Action"), { target: { value: "DROP TABLE" } });
    fireEvent.click(screen.getByRole("button", { name: "Filter" }));
    expect(await screen.findByText("The end date must not be before the start date")).toBeInTheDocument();
    expect(screen.getByLabelText("Action")).toHaveAttribute("aria-invalid", "true");
    expect(calls.length).toBe(before);
  });

  it("shows the server's refusal of a filter at the field it names", async () => {
    show();
    await screen.findByText("activities.create");
    serve(() => json({ error: { code: "invalid_field", message: "from must be a date, YYYY-MM-DD", field: "from" } }, 422));
    fireEvent.change(screen.getByLabelText("From"), { target: { value: "2025-01-01" } });
    fireEvent.click(screen.getByRole("button", { name: "Filter" }));
    const msg = await screen.findByText("from must be a date, YYYY-MM-DD");
    expect(screen.getByLabelText("From")).toHaveAttribute("aria-describedby", msg.id);
    expect(screen.queryByText("This could not be loaded")).toBeNull();
  });

  it("says a viewer may not read it (403), with no table and no crash", async () => {
    serve(() => json({ error: { code: "forbidden", message: "this needs the auditor role" } }, 403));
    show();
    expect(await screen.findByRole("alert")).toHaveTextContent("this needs the auditor role");
    expect(screen.queryByRole("table")).toBeNull();
    expect(screen.queryByRole("button", { name: /Download CSV/ })).toBeNull();
  });

  it("offers Retry on a server error", async () => {
    serve(() => json({ error: { code: "database_unavailable", message: "the database is down" } }, 503));
    show();
    expect(await screen.findByText("The server had a problem")).toBeInTheDocument();
    serve(() => json({ total: 1, entries: [entry(3)] }));
    fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(await screen.findByText("activities.create")).toBeInTheDocument();
  });

  it("downloads the filtered selection as the server's CSV", async () => {
    const clicked: string[] = [];
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: vi.fn(() => "blob:x"), revokeObjectURL: vi.fn() }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    show();
    await screen.findByText("activities.create");
    serve((u) => (u.searchParams.get("format") === "csv" ? new Response("at,action\r\n", { headers: { "Content-Type": "text/csv" } }) : json({ total: 0, entries: [] })));
    fireEvent.click(screen.getByRole("button", { name: "Download CSV of the audit log" }));
    await waitFor(() => expect(clicked).toEqual(["audit-log.csv"]));
    expect(calls.at(-1)?.searchParams.get("limit")).toBeNull();
    click.mockRestore();
  });
});
