import { vi } from "vitest";
import type { Calculator } from "@/features/activities/api/calculators";
import type { CalcResult } from "@/features/activities/api/calculate";
import { setSession } from "@/lib/session";
import type { Role } from "@/config";

// Shared by this feature's tests: calculator descriptions as the host
// sends them, a signed-in user, and fetch answered by a route table.

export const STATIONARY: Calculator = {
  name: "stationary_combustion",
  version: "1.0.0",
  description: "Scope 1 stationary combustion",
  category: "stationary_combustion",
  scope: 1,
  fields: [],
  activities: [
    { id: "natural_gas", label: "Natural gas", families: ["desnz", "epa-hub"] },
    { id: "lpg", label: "LPG", families: ["desnz"] },
  ],
  units: ["kWh", "m3", "l"],
};

export const ELECTRICITY: Calculator = {
  name: "electricity",
  version: "1.0.0",
  description: "Scope 2 electricity",
  category: "electricity",
  scope: 2,
  fields: [
    { name: "supplier_factor", type: "number", required: false, minimum: 0, maximum: 10, help: "kg CO2e per kWh stated by the supplier" },
    { name: "instrument", type: "object", required: false, members: { type: ["rego", "ppa"], factor: "kg CO2e per kWh", id: "certificate reference" }, help: "a contractual instrument" },
    { name: "include_tandd", type: "boolean", required: false, help: "add T&D losses" },
    { name: "contract", type: "string", required: true, help: "the contract number" },
  ],
  activities: [{ id: "grid_electricity", label: "Grid electricity (purchased)", families: ["desnz"] }],
  units: ["kWh", "MWh"],
};

export const RESULT: CalcResult = {
  scope: 1,
  method: null,
  scope3_category: null,
  category: "stationary_combustion",
  tier: "calculated",
  co2e_kg: 182.9,
  biogenic_co2_kg: 0,
  gases: { co2_kg: 182.53, ch4_kg: 0.01, n2o_kg: 0.00034 },
  quantity: { value: 1000, unit: "kWh (Gross CV)" },
  gwp: "AR5",
  factor: { set: "desnz-2024", id: "desnz-2024/fuels/natural-gas/kwh", value: 0.1829, unit: "kWh (Gross CV)", source: "UK DESNZ 2024 flat file", gwp: "AR5" },
  calculator: { name: "stationary_combustion", version: "1.0.0" },
  note: "1000 x 0.1829",
};

export function signIn(role: Role = "editor") {
  setSession({ accessToken: "t", refreshToken: "r", user: { id: "u1", email: "e@x.y", name: "Ed", role }, company: { id: "c1", name: "Co" } });
}

export type Call = { method: string; path: string; url: URL; body: unknown };
export type Answer = { status: number; body?: unknown } | "network";
export type Route = (c: Call) => Answer | undefined;

/** fetch answered by `route` (an unrouted call is a 404); returns the calls made. */
export function stubFetch(route: Route): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string, init?: RequestInit) => {
      const url = new URL(input, "http://host");
      const body = typeof init?.body === "string" && init.body.startsWith("{") ? JSON.parse(init.body) : init?.body;
      const call = { method: init?.method ?? "GET", path: url.pathname, url, body };
      calls.push(call);
      const a = route(call) ?? { status: 404, body: { error: { code: "not_found", message: "no route" } } };
      if (a === "network") throw new TypeError("Failed to fetch");
      return new Response(a.status === 204 ? null : JSON.stringify(a.body ?? {}), { status: a.status, headers: { "Content-Type": "application/json" } });
    }),
  );
  return calls;
}
