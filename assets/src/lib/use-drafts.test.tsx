import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ReactNode } from "react";
import { renderHook, waitFor } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import "@/app/draft-senders";
import { queueDraft, listDrafts, registerSender } from "@/lib/drafts";
import { setSession } from "@/lib/session";
import { useDraftSync } from "@/lib/use-drafts";
import { TARGET_DRAFT } from "@/features/targets/api/post-target";

beforeEach(() =>
  setSession({ accessToken: "a", refreshToken: "r", user: { id: "u1", email: "e@x.y", name: "n", role: "editor" }, company: { id: "c1", name: "c" } }),
);
afterEach(() => {
  setSession(null);
  vi.unstubAllGlobals();
});

function mount(qc: QueryClient) {
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={qc}>{children}</QueryClientProvider>;
  return renderHook(() => useDraftSync(), { wrapper });
}

describe("the layout's draft sync", () => {
  it("sends a target queued before any screen loaded, then refetches what the senders name", async () => {
    const fetch = vi.fn().mockResolvedValue(new Response(JSON.stringify({ id: "t1" }), { status: 201, headers: { "Content-Type": "application/json" } }));
    vi.stubGlobal("fetch", fetch);
    queueDraft("target-new", TARGET_DRAFT, { form: {}, input: { name: "Scope 1+2", scope: "s1s2", base_year: 2020, target_year: 2030, reduction_pct: 42 } });
    const qc = new QueryClient();
    const invalidate = vi.spyOn(qc, "invalidateQueries");
    mount(qc);
    await waitFor(() => expect(listDrafts()).toEqual([]));
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(String(fetch.mock.calls[0][0])).toContain("/api/targets");
    const keys = invalidate.mock.calls.map((c) => JSON.stringify(c[0]?.queryKey));
    for (const k of [["targets"], ["activities"], ["emissions"], ["esg-metrics"], ["framework-status"]])
      expect(keys).toContain(JSON.stringify(k));
  });

  it("refetches nothing when nothing was delivered", async () => {
    registerSender("t-down", () => Promise.reject(new Error("offline")));
    queueDraft("down", "t-down", {});
    const qc = new QueryClient();
    const invalidate = vi.spyOn(qc, "invalidateQueries");
    mount(qc);
    await waitFor(() => expect(listDrafts()[0]?.error).toBe("offline"));
    expect(invalidate).not.toHaveBeenCalled();
  });
});
