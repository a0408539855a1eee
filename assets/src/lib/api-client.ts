import { API_BASE } from "@/config";
import { expireSession, getSession, setTokens } from "@/lib/session";

// The one place that talks HTTP.  It adds the Bearer token, refreshes it
// once on a 401 and retries, and turns the host's error body
// {"error":{"code","message","field"}} into an ApiError.

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;

  constructor(status: number, code: string, message: string, field?: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.field = field;
  }

  /** No answer at all: offline, DNS, refused connection. */
  get isNetwork(): boolean {
    return this.status === 0;
  }

  get isServer(): boolean {
    return this.status >= 500;
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export type RequestOptions = {
  method?: string;
  query?: Query;
  json?: unknown;
  body?: BodyInit;
  contentType?: string;
  headers?: Record<string, string>;
  as?: "json" | "text" | "blob";
  auth?: boolean;
};

export function url(path: string, query?: Query): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return `${API_BASE}${path}${s ? `?${s}` : ""}`;
}

async function toError(res: Response): Promise<ApiError> {
  let code = `http_${res.status}`;
  let message = res.statusText || `the server answered ${res.status}`;
  let field: string | undefined;
  try {
    const body = await res.json();
    if (body && typeof body.error === "object" && body.error) {
      code = String(body.error.code ?? code);
      message = String(body.error.message ?? message);
      field = body.error.field ?? undefined;
    }
  } catch {
    /* not JSON: keep the status line */
  }
  return new ApiError(res.status, code, message, field);
}

async function send(path: string, o: RequestOptions, token?: string): Promise<Response> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  let body = o.body;
  if (o.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(o.json);
  } else if (o.contentType) headers["Content-Type"] = o.contentType;
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    return await fetch(url(path, o.query), { method: o.method ?? "GET", headers, body });
  } catch (e) {
    throw new ApiError(0, "network_error", "the server could not be reached; what you entered is kept", undefined);
  }
}

// One refresh at a time: concurrent 401s wait for the same one.
let refreshing: Promise<boolean> | null = null;

async function refresh(): Promise<boolean> {
  const s = getSession();
  if (!s) return false;
  const res = await send("/api/auth/refresh", { method: "POST", json: { refresh_token: s.refreshToken } });
  if (!res.ok) {
    if (res.status === 401) expireSession();
    return false;
  }
  const t = await res.json();
  setTokens(t.access_token, t.refresh_token);
  return true;
}

function refreshOnce(): Promise<boolean> {
  refreshing ??= refresh().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

export async function api<T = unknown>(path: string, o: RequestOptions = {}): Promise<T> {
  const auth = o.auth ?? true;
  let res = await send(path, o, auth ? getSession()?.accessToken : undefined);
  if (res.status === 401 && auth && getSession()) {
    if (await refreshOnce()) res = await send(path, o, getSession()?.accessToken);
  }
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  if (o.as === "text") return (await res.text()) as T;
  if (o.as === "blob") return (await res.blob()) as T;
  return (await res.json()) as T;
}
