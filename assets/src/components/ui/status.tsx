import { ApiError } from "@/lib/api-client";
import { Button } from "@/components/ui/button";

// What a screen shows while it waits, and when a request failed: a 5xx or
// a lost network offers a retry, never a blank screen.

export function Loading({ what = "Loading" }: { what?: string }) {
  return (
    <p role="status" className="p-4 text-sm text-slate-700">
      {what}…
    </p>
  );
}

export function ErrorPanel({ error, retry }: { error: unknown; retry?: () => void }) {
  const e = error instanceof ApiError ? error : null;
  const msg = e ? e.message : error instanceof Error ? error.message : String(error);
  const title = e?.isNetwork ? "The server could not be reached" : e?.isServer ? "The server had a problem" : "This could not be loaded";
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 p-4 text-sm text-red-900">
      <p className="font-semibold">{title}</p>
      <p className="mt-1">{msg}</p>
      {retry && (
        <Button variant="secondary" className="mt-3" onClick={retry}>
          Retry
        </Button>
      )}
    </div>
  );
}
