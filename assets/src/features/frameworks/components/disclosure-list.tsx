import { useMemo, useState } from "react";
import { SelectField } from "@/components/ui/field";
import type { Catalog } from "@/features/frameworks/api/get-catalog";
import type { MetricDef } from "@/features/frameworks/api/get-dictionary";
import type { MetricValue } from "@/features/frameworks/api/get-metric-values";
import { STATUSES, type DisclosureState } from "@/features/frameworks/api/get-status";
import { countByStatus, groupDisclosures, groupTitle, STATUS_LABEL, type StatusFilter } from "@/features/frameworks/components/disclosure-groups";
import { DisclosureItem } from "@/features/frameworks/components/disclosure-item";

type Props = {
  framework: string;
  name: string;
  year: number;
  disclosures: DisclosureState[];
  catalog?: Catalog;
  dict: Map<string, MetricDef>;
  current: Record<string, MetricValue>;
  canWrite: boolean;
};

export function DisclosureList({ framework, name, year, disclosures, catalog, dict, current, canWrite }: Props) {
  const [filter, setFilter] = useState<StatusFilter>("all");
  const counts = countByStatus(disclosures);
  const groups = groupDisclosures(disclosures, filter);
  const entries = useMemo(() => new Map((catalog?.disclosures ?? []).map((d) => [d.id, d])), [catalog]);
  const named = [...(catalog?.pillars ?? []), ...(catalog?.topical_standards ?? [])];
  return (
    <div className="space-y-3">
      <div className="max-w-xs">
        <SelectField
          label={`Show ${name} disclosures`}
          value={filter}
          onChange={(e) => setFilter(e.target.value as StatusFilter)}
          options={[
            { value: "all", label: `All (${disclosures.length})` },
            ...STATUSES.map((s) => ({ value: s, label: `${STATUS_LABEL[s]} (${counts[s]})` })),
          ]}
        />
      </div>
      {groups.length === 0 && <p className="text-sm text-slate-700">No disclosure is {STATUS_LABEL[filter as keyof typeof STATUS_LABEL]?.toLowerCase()}.</p>}
      {groups.map((g) => (
        <section key={g.name} aria-label={groupTitle(g.name, named)}>
          <h3 className="mb-1 text-sm font-semibold text-slate-900">{groupTitle(g.name, named)}</h3>
          <ul className="space-y-1">
            {g.disclosures.map((d) => (
              <DisclosureItem key={d.id} framework={framework} year={year} d={d} entry={entries.get(d.id)} dict={dict} current={current} canWrite={canWrite} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
