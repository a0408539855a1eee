import { useCallback, useMemo, useState } from "react";

// Which charts have been drawn at least once; the page is "ready" when all
// the charts it shows have been.

export function useDrawn<K extends string>(ids: readonly K[]) {
  const [drawn, setDrawn] = useState<ReadonlySet<K>>(() => new Set());
  const mark = useCallback((id: K) => setDrawn((s) => (s.has(id) ? s : new Set(s).add(id))), []);
  const markers = useMemo(() => Object.fromEntries(ids.map((id) => [id, () => mark(id)])) as Record<K, () => void>, [ids, mark]);
  return { drawn, markers };
}
