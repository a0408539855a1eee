import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { ReportDownloads } from "@/features/reports/components/report-downloads";

let calls: string[];
let saved: { name: string; blob: Blob }[];
const blobs = new Map<string, Blob>();

function serve(report: (path: string) => Response) {
  calls = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string) => {
      calls.push(input);
      if (input === "/api/frameworks")
        return new Response(JSON.stringify([{ name: "gri", kind: "framework", version: "1.0.0", description: "GRI 305/302" }, { name: "tcfd", kind: "framework", version: "1.0.0" }]));
      return report(input);
    }),
  );
}

function show() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={qc}>
      <ReportDownloads year={2024} />
    </QueryClientProvider>,
  );
}

beforeEach(() => {
  saved = [];
  let n = 0;
  URL.createObjectURL = vi.fn((b: Blob) => {
    const u = `blob:${n++}`;
    blobs.set(u, b);
    return u;
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, blob: blobs.get(this.getAttribute("href") ?? "")! });
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("framework report downloads", () => {
  it("downloads the year's report as CSV and as JSON under names that say what they are", async () => {
    serve((p) => new Response(p.includes("format=csv") ? '"framework","edition"\n"gri","gri-2016"\n' : '{"framework":"gri"}'));
    show();
    fireEvent.click(await screen.findByRole("button", { name: "Download GRI 2024 report as CSV" }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(calls).toContain("/api/frameworks/gri/report?year=2024&format=csv");
    expect(saved[0].name).toBe("gri-report-2024.csv");
    expect(await saved[0].blob.text()).toContain('"gri","gri-2016"');
    fireEvent.click(screen.getByRole("button", { name: "Download TCFD 2024 report as JSON" }));
    await waitFor(() => expect(saved).toHaveLength(2));
    expect(saved[1].name).toBe("tcfd-report-2024.json");
    expect(JSON.parse(await saved[1].blob.text())).toEqual({ framework: "gri" });
  });

  it("says which report failed and why", async () => {
    serve(() => new Response(JSON.stringify({ error: { code: "database_unavailable", message: "the database is down" } }), { status: 503 }));
    show();
    fireEvent.click(await screen.findByRole("button", { name: "Download GRI 2024 report as JSON" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The GRI JSON report could not be downloaded: the database is down");
    expect(saved).toEqual([]);
  });
});
