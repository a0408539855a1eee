import { useEffect, useMemo, useRef, useState } from "react";
import type { Plugin } from "@/features/admin/api/plugins";

// Which plugins were reloaded lately: a generation that moved between two
// polls (or a plugin that appeared) is marked for `holdMs`, so a developer
// sees the hot reload land.

export const HOLD_MS = 10_000;

/** Names whose generation differs from the previous poll's (none on the first poll). */
export function changedGenerations(prev: Map<string, number> | null, next: Plugin[]): string[] {
  if (!prev) return [];
  return next.filter((p) => prev.get(p.name) !== p.generation).map((p) => p.name);
}

/** `stamp` is when this data arrived (the query's dataUpdatedAt). */
export function useReloaded(plugins: Plugin[] | undefined, stamp: number, holdMs = HOLD_MS): Set<string> {
  const last = useRef<Map<string, number> | null>(null);
  const [marks, setMarks] = useState<Map<string, number>>(() => new Map());
  useEffect(() => {
    if (!plugins) return;
    const changed = changedGenerations(last.current, plugins);
    last.current = new Map(plugins.map((p) => [p.name, p.generation]));
    setMarks((old) => {
      const next = new Map([...old].filter(([, at]) => stamp - at < holdMs));
      for (const n of changed) next.set(n, stamp);
      const same = next.size === old.size && [...next].every(([k, at]) => old.get(k) === at);
      return same ? old : next;
    });
  }, [plugins, stamp, holdMs]);
  return useMemo(() => new Set(marks.keys()), [marks]);
}
