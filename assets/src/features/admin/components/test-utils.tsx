import type { ReactNode } from "react";
import { render } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { vi } from "vitest";

// Test helpers for this feature: a fresh query client, and fetch answered
// by a function of (method, path, body) with every call recorded.

export type Call = { method: string; path: string; body: unknown };

export function renderWithQuery(ui: ReactNode) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(<QueryClientProvider client={qc}>{ui}</QueryClientProvider>);
}

export function serve(answer: (c: Call) => Response | Promise<Response>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string, init?: RequestInit) => {
      const c = { method: init?.method ?? "GET", path: input, body: init?.body ? JSON.parse(String(init.body)) : undefined };
      calls.push(c);
      return answer(c);
    }),
  );
  return calls;
}

export const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
export const fail = (status: number, code: string, message: string, field?: string) => json({ error: { code, message, field } }, status);
