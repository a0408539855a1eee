import { afterEach, describe, expect, it, vi } from "vitest";
import { api, ApiError } from "@/lib/api-client";
import { getSession, sessionExpired, setSession, type Session } from "@/lib/session";

const session: Session = {
  accessToken: "old-access",
  refreshToken: "old-refresh",
  user: { id: "u1", email: "a@b.c", name: "A", role: "editor" },
  company: { id: "c1", name: "C" },
};

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

afterEach(() => {
  vi.unstubAllGlobals();
  setSession(null);
});

describe("api client", () => {
  it("sends the Bearer token and parses JSON", async () => {
    setSession(session);
    const fetch = vi.fn().mockResolvedValue(json(200, { ok: 1 }));
    vi.stubGlobal("fetch", fetch);
    expect(await api("/api/x", { query: { year: 2024, empty: "" } })).toEqual({ ok: 1 });
    expect(fetch.mock.calls[0][0]).toBe("/api/x?year=2024");
    expect(fetch.mock.calls[0][1].headers.Authorization).toBe("Bearer old-access");
  });

  it("refreshes once on a 401 and retries with the new token", async () => {
    setSession(session);
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(json(401, { error: { code: "unauthorized", message: "expired" } }))
      .mockResolvedValueOnce(json(200, { access_token: "new-access", refresh_token: "new-refresh" }))
      .mockResolvedValueOnce(json(200, { fine: true }));
    vi.stubGlobal("fetch", fetch);
    expect(await api("/api/y")).toEqual({ fine: true });
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(fetch.mock.calls[1][0]).toBe("/api/auth/refresh");
    expect(JSON.parse(fetch.mock.calls[1][1].body)).toEqual({ refresh_token: "old-refresh" });
    expect(fetch.mock.calls[2][1].headers.Authorization).toBe("Bearer new-access");
    expect(getSession()?.refreshToken).toBe("new-refresh");
  });

  it("concurrent 401s share one refresh", async () => {
    setSession(session);
    const fetch = vi.fn(async (u: string, init: RequestInit) => {
      if (u === "/api/auth/refresh") return json(200, { access_token: "n", refresh_token: "r" });
      const auth = init.headers as Record<string, string>;
      return auth.Authorization === "Bearer n" ? json(200, { u }) : json(401, { error: { code: "unauthorized", message: "" } });
    });
    vi.stubGlobal("fetch", fetch);
    await Promise.all([api("/api/a"), api("/api/b"), api("/api/c")]);
    expect(fetch.mock.calls.filter((c) => c[0] === "/api/auth/refresh")).toHaveLength(1);
  });

  it("a refused refresh expires the session and throws the 401", async () => {
    setSession(session);
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(json(401, { error: { code: "unauthorized", message: "expired" } }))
      .mockResolvedValueOnce(json(401, { error: { code: "token_reused", message: "reused" } }));
    vi.stubGlobal("fetch", fetch);
    await expect(api("/api/z")).rejects.toMatchObject({ status: 401, code: "unauthorized" });
    expect(getSession()).toBeNull();
    expect(sessionExpired()).toBe(true);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("turns the error body into an ApiError with code, message and field", async () => {
    vi.stubGlobal("fetch", vi.fn().mockResolvedValue(json(422, { error: { code: "invalid_field", message: "quantity must be above 0", field: "records[0].quantity" } })));
    const e = (await api("/api/activities", { method: "POST", json: {} }).catch((x) => x)) as ApiError;
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 422, code: "invalid_field", message: "quantity must be above 0", field: "records[0].quantity" });
    expect(e.isServer).toBe(false);
  });

  it("a body that is not JSON keeps the status", async () => {
    vi.stubGlobal("fetch", vi.fn().mockResolvedValue(new Response("<html>bad gateway</html>", { status: 502, statusText: "Bad Gateway" })));
    const e = await api("/api/x").catch((x) => x);
    expect(e).toMatchObject({ status: 502, code: "http_502", message: "Bad Gateway", isServer: true });
  });

  it("a network failure is an ApiError with status 0", async () => {
    vi.stubGlobal("fetch", vi.fn().mockRejectedValue(new TypeError("Failed to fetch")));
    const e = await api("/api/x").catch((x) => x);
    expect(e).toMatchObject({ status: 0, code: "network_error", isNetwork: true });
  });

  it("204 answers undefined, text answers text", async () => {
    vi.stubGlobal("fetch", vi.fn().mockResolvedValueOnce(new Response(null, { status: 204 })).mockResolvedValueOnce(new Response("a,b\r\n", { status: 200 })));
    expect(await api("/api/d", { method: "DELETE" })).toBeUndefined();
    expect(await api("/api/csv", { as: "text" })).toBe("a,b\r\n");
  });
});
