import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorPanel, Loading } from "@/components/ui/status";
import { useCanWrite } from "@/lib/use-session";
import { useYear } from "@/lib/use-year";
import { useSbtiStatus } from "@/features/targets/api/get-sbti-status";
import { useTargets } from "@/features/targets/api/get-targets";
import { FindingsList } from "@/features/targets/components/findings-list";
import { TargetCard } from "@/features/targets/components/target-card";
import { TargetForm } from "@/features/targets/components/target-form";

// The company's reduction targets, each validated against the SBTi
// criteria of the edition in force for the year, with its trajectory.

export function TargetsPage() {
  const [year] = useYear();
  const canWrite = useCanWrite();
  const targets = useTargets();
  const sbti = useSbtiStatus(year);
  const [adding, setAdding] = useState(false);

  const failed = targets.isError ? targets : sbti.isError ? sbti : null;
  const checks = new Map((sbti.data?.targets ?? []).map((c) => [c.id, c]));

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold text-slate-900">Targets {year}</h1>
        {canWrite && !adding && <Button onClick={() => setAdding(true)}>New target</Button>}
      </div>
      {sbti.data && <p className="text-sm text-slate-700">Checked against SBTi {sbti.data.edition}, the edition in force for {year}.</p>}
      {adding && (
        <Card title="New target">
          <TargetForm onDone={() => setAdding(false)} />
        </Card>
      )}
      {failed ? (
        <ErrorPanel error={failed.error} retry={() => void failed.refetch()} />
      ) : !targets.data || !sbti.data ? (
        <Loading what="Loading targets" />
      ) : (
        <>
          {sbti.data.company_findings.length > 0 && (
            <Card title="Company-wide SBTi findings">
              <FindingsList label="Company-wide SBTi findings" findings={sbti.data.company_findings} />
            </Card>
          )}
          {targets.data.length === 0 && <p className="text-sm text-slate-700">No target yet.{canWrite ? " Create one with New target." : ""}</p>}
          {targets.data.map((t) => (
            <TargetCard key={t.id} target={t} check={checks.get(t.id)} canWrite={canWrite} />
          ))}
        </>
      )}
    </div>
  );
}
