import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "@/lib/api-client";
import { clearDrafts, getDraft, listDrafts, queueDraft, registerSender, saveDraft, syncDrafts } from "@/lib/drafts";
import { setSession } from "@/lib/session";

function signIn(user: string, company: string) {
  setSession({ accessToken: "a", refreshToken: "r", user: { id: user, email: "e@x.y", name: "n", role: "editor" }, company: { id: company, name: "c" } });
}

beforeEach(() => signIn("u1", "c1"));
afterEach(() => setSession(null));

describe("offline drafts", () => {
  it("are kept per user and company", () => {
    saveDraft("activity-form", "activity", { quantity: "12" });
    expect(getDraft("activity-form")?.payload).toEqual({ quantity: "12" });
    signIn("u2", "c1");
    expect(listDrafts()).toEqual([]);
    signIn("u1", "c2");
    expect(listDrafts()).toEqual([]);
    signIn("u1", "c1");
    expect(listDrafts()).toHaveLength(1);
    expect(localStorage.getItem("cd.drafts.u1.c1")).toContain("12");
  });

  it("sync sends pending drafts, drops delivered ones and keeps the saved form", async () => {
    const send = vi.fn().mockResolvedValue({});
    registerSender("t-ok", send);
    saveDraft("form", "t-ok", { typing: true });
    queueDraft("sub-1", "t-ok", { n: 1 });
    expect(await syncDrafts()).toBe(1);
    expect(send).toHaveBeenCalledWith({ n: 1 });
    expect(getDraft("sub-1")).toBeUndefined();
    expect(getDraft("form")?.status).toBe("saved");
  });

  it("a 4xx marks the draft failed with the reason; the network keeps it pending", async () => {
    registerSender("t-422", vi.fn().mockRejectedValue(new ApiError(422, "invalid_field", "quantity must be above 0", "records[0].quantity")));
    registerSender("t-net", vi.fn().mockRejectedValue(new ApiError(0, "network_error", "offline")));
    queueDraft("a", "t-422", {});
    queueDraft("b", "t-net", {});
    expect(await syncDrafts()).toBe(0);
    expect(getDraft("a")).toMatchObject({ status: "failed", error: "quantity must be above 0", field: "records[0].quantity" });
    expect(getDraft("b")).toMatchObject({ status: "pending", error: "offline" });
  });

  it("overlapping syncs never send one draft twice", async () => {
    let calls = 0;
    registerSender("t-slow", () => {
      calls++;
      return new Promise((r) => setTimeout(r, 20));
    });
    queueDraft("slow", "t-slow", {});
    const runs = await Promise.all([syncDrafts(), syncDrafts(), syncDrafts()]);
    expect(calls).toBe(1);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(1);
    expect(getDraft("slow")).toBeUndefined();
  });

  it("sign-out clears every user's drafts", () => {
    saveDraft("x", "activity", 1);
    signIn("u2", "c9");
    saveDraft("y", "activity", 2);
    localStorage.setItem("unrelated", "stays");
    clearDrafts();
    expect(Object.keys(localStorage).filter((k) => k.startsWith("cd.drafts."))).toEqual([]);
    expect(localStorage.getItem("unrelated")).toBe("stays");
  });
});
