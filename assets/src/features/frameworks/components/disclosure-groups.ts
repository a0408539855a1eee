import type { DisclosureState, Status } from "@/features/frameworks/api/get-status";

// The disclosure list as the screen shows it: filtered by status, grouped
// by pillar / topic / standard in the catalogue's order.

export type StatusFilter = Status | "all";
export type Group = { name: string; disclosures: DisclosureState[] };

export const STATUS_LABEL: Record<Status, string> = {
  complete: "Complete",
  partial: "Partial",
  missing: "Missing",
  not_material: "Not material",
};

export function countByStatus(list: DisclosureState[]): Record<Status, number> {
  const c: Record<Status, number> = { complete: 0, partial: 0, missing: 0, not_material: 0 };
  for (const d of list) if (d.status in c) c[d.status]++;
  return c;
}

export function groupDisclosures(list: DisclosureState[], filter: StatusFilter): Group[] {
  // Groups keep the catalogue's order whatever the filter.
  const groups = new Map<string, DisclosureState[]>();
  for (const d of list) {
    const name = d.pillar || "Other";
    if (!groups.has(name)) groups.set(name, []);
    if (filter === "all" || d.status === filter) groups.get(name)!.push(d);
  }
  return [...groups].filter(([, ds]) => ds.length > 0).map(([name, disclosures]) => ({ name, disclosures }));
}

/** A group's heading: the catalogue's pillar or standard title, else the id in words. */
export function groupTitle(name: string, named: { id: string; title: string }[] = []): string {
  const t = named.find((n) => n.id === name)?.title;
  if (t) return /^[A-Z]+\d*$/.test(name) && t !== name ? `${name} ${t}` : t;
  return name.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
}
