import { ApiError } from "@/lib/api-client";
import { getSession } from "@/lib/session";

// Offline drafts: an unsaved form ("saved" here, not yet sent) and a
// submission that could not be delivered ("pending") or was refused
// ("failed", with the server's reason) are kept in localStorage, one list
// per user and company.  syncDrafts() sends the pending ones when the
// network returns (lib/use-drafts.ts, from the layout); clearDrafts() runs
// at sign-out.

export type DraftStatus = "saved" | "pending" | "failed";

export type Draft<T = unknown> = {
  key: string;
  kind: string;
  payload: T;
  status: DraftStatus;
  error?: string;
  field?: string;
  updatedAt: string;
};

export type Sender = (payload: unknown) => Promise<unknown>;
/** Query keys whose data a delivered draft changes (react-query keys). */
export type Refreshes = readonly (readonly unknown[])[];

const PREFIX = "cd.drafts.";
const listeners = new Set<() => void>();
const senders = new Map<string, { send: Sender; refreshes: Refreshes }>();
let snapshot: Draft[] = [];
let snapshotOf = "";

function storeKey(): string | null {
  const s = getSession();
  return s ? `${PREFIX}${s.user.id}.${s.company.id}` : null;
}

function load(): Draft[] {
  const k = storeKey();
  if (!k) return [];
  try {
    const v = JSON.parse(localStorage.getItem(k) ?? "[]");
    return Array.isArray(v) ? (v as Draft[]) : [];
  } catch {
    return [];
  }
}

function store(list: Draft[]) {
  const k = storeKey();
  if (!k) return;
  if (list.length) localStorage.setItem(k, JSON.stringify(list));
  else localStorage.removeItem(k);
  for (const l of listeners) l();
}

function put(d: Omit<Draft, "updatedAt">) {
  const list = load().filter((x) => x.key !== d.key);
  list.push({ ...d, updatedAt: new Date().toISOString() });
  store(list);
}

/** The drafts of the signed-in user and company (a stable array per change). */
export function listDrafts(): Draft[] {
  const k = storeKey() ?? "";
  const raw = (k && localStorage.getItem(k)) || "";
  if (raw !== snapshotOf) {
    snapshotOf = raw;
    snapshot = load();
  }
  return snapshot;
}

export function getDraft<T>(key: string): Draft<T> | undefined {
  return load().find((d) => d.key === key) as Draft<T> | undefined;
}

/** Keep an unsaved form as it is typed. */
export function saveDraft(key: string, kind: string, payload: unknown) {
  put({ key, kind, payload, status: "saved" });
}

/** A submission that did not reach the server: send it when it can be. */
export function queueDraft(key: string, kind: string, payload: unknown, error?: string) {
  put({ key, kind, payload, status: "pending", error });
}

/** A submission the server refused: kept with the reason until fixed. */
export function failDraft(key: string, kind: string, payload: unknown, e: ApiError) {
  put({ key, kind, payload, status: "failed", error: e.message, field: e.field });
}

export function removeDraft(key: string) {
  store(load().filter((d) => d.key !== key));
}

/** Sign-out: every user's drafts on this browser go. */
export function clearDrafts() {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const k = localStorage.key(i);
    if (k?.startsWith(PREFIX)) localStorage.removeItem(k);
  }
  for (const l of listeners) l();
}

export function subscribeDrafts(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/**
 * How a kind of draft is sent, and which queries to refetch once one is
 * delivered.  Every sender is registered at start (app/draft-senders.ts),
 * so a draft queued before a screen's code loads is sent all the same.
 */
export function registerSender(kind: string, send: Sender, refreshes: Refreshes = []) {
  senders.set(kind, { send, refreshes });
}

/** The query keys of every registered sender. */
export function senderRefreshes(): Refreshes {
  return [...senders.values()].flatMap((s) => s.refreshes);
}

/**
 * Send every pending draft.  Delivered ones are removed; a 4xx marks the
 * draft failed with the server's message; a network failure or a 5xx
 * leaves it pending for the next attempt.  Runs go one after another, so
 * overlapping calls (the online event, a screen mounting) never send one
 * draft twice.  Returns how many this run sent.
 */
let chain: Promise<unknown> = Promise.resolve();

export function syncDrafts(): Promise<number> {
  const run = chain.then(sendPending);
  chain = run.catch(() => 0);
  return run;
}

async function sendPending(): Promise<number> {
  let sent = 0;
  for (const d of load()) {
    const sender = senders.get(d.kind);
    if (d.status !== "pending" || !sender) continue;
    try {
      await sender.send(d.payload);
      removeDraft(d.key);
      sent++;
    } catch (e) {
      if (e instanceof ApiError && !e.isNetwork && !e.isServer) failDraft(d.key, d.kind, d.payload, e);
      else queueDraft(d.key, d.kind, d.payload, e instanceof Error ? e.message : String(e));
    }
  }
  return sent;
}
