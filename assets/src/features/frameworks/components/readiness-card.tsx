import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorPanel, Loading } from "@/components/ui/status";
import { useFramework, type FrameworkInfo } from "@/features/frameworks/api/get-framework";
import { STATUS_LABEL } from "@/features/frameworks/components/disclosure-groups";
import { ReadinessGauge } from "@/features/frameworks/components/readiness-gauge";
import { STATUSES, useStatus } from "@/features/frameworks/api/get-status";

export function frameworkName(id: string, info?: FrameworkInfo): string {
  return info?.name ?? id.toUpperCase();
}

/** The edition in force as "title (id), from date". */
export function editionText(editionId: string, info?: FrameworkInfo): string {
  const e = info?.editions.find((x) => x.id === editionId);
  return e ? `${e.title} (${e.id}), in force from ${e.effective_from}` : editionId;
}

export function ReadinessCard({ id, year, selected, onSelect }: { id: string; year: number; selected: boolean; onSelect: () => void }) {
  const info = useFramework(id);
  const status = useStatus(id, year);
  const name = frameworkName(id, info.data);
  return (
    <Card title={name} className={selected ? "ring-2 ring-emerald-700" : ""}>
      {status.isPending ? (
        <Loading what={`Loading ${name}`} />
      ) : status.isError ? (
        <ErrorPanel error={status.error} retry={() => void status.refetch()} />
      ) : (
        <div className="space-y-2">
          <ReadinessGauge id={id} name={name} value={status.data.completeness} />
          <p className="text-xs text-slate-700">
            <span className="font-medium">Edition for {year}:</span> {editionText(status.data.edition, info.data)}
          </p>
          <p className="text-xs text-slate-700">
            {STATUSES.map((s) => `${status.data.summary[s] ?? 0} ${STATUS_LABEL[s].toLowerCase()}`).join(" · ")}
          </p>
          <Button variant="secondary" aria-pressed={selected} aria-label={`Disclosures of ${name}`} onClick={onSelect}>
            Disclosures
          </Button>
        </div>
      )}
    </Card>
  );
}
