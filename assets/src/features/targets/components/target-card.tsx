import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { fmtTonnes } from "@/lib/format";
import type { Target } from "@/features/targets/api/get-targets";
import type { TargetCheck } from "@/features/targets/api/get-sbti-status";
import { FindingsList } from "@/features/targets/components/findings-list";
import { OnTrackBadge } from "@/features/targets/components/on-track-badge";
import { TargetForm } from "@/features/targets/components/target-form";
import { latestGap } from "@/features/targets/components/trajectory";
import { TrajectoryChart } from "@/features/targets/components/trajectory-chart";

// One target: what it says, the SBTi validation of it, and its trajectory.

const KIND = { near_term: "Near-term", long_term: "Long-term", net_zero: "Net-zero" } as const;
const AMBITION = { "1.5C": "1.5 °C", "well-below-2C": "well below 2 °C" } as const;

export function describeTarget(t: Target): string {
  const ambition = t.ambition ? `, ${AMBITION[t.ambition]}` : "";
  return `${KIND[t.kind] ?? t.kind}: scopes ${t.scopes}, −${t.reduction_pct} % from ${t.base_year} to ${t.target_year}${ambition}, ${t.coverage_pct} % covered`;
}

export function TargetCard({ target, check, canWrite }: { target: Target; check?: TargetCheck; canWrite: boolean }) {
  const [editing, setEditing] = useState(false);
  const gap = check ? latestGap(check.trajectory) : null;
  return (
    <Card
      title={target.name}
      actions={
        canWrite && !editing ? (
          <Button variant="secondary" aria-label={`Edit ${target.name}`} onClick={() => setEditing(true)}>
            Edit
          </Button>
        ) : undefined
      }
    >
      {editing ? (
        <TargetForm target={target} onDone={() => setEditing(false)} />
      ) : (
        <div className="space-y-3">
          <p className="text-sm text-slate-800">{describeTarget(target)}</p>
          {check ? (
            <>
              <div className="flex flex-wrap items-center gap-2">
                <OnTrackBadge onTrack={check.on_track} />
                <Badge tone={check.valid ? "green" : "red"}>{check.valid ? "Meets the SBTi criteria checked" : "Fails an SBTi criterion"}</Badge>
                {gap && (
                  <span className="text-sm text-slate-700">
                    {gap.year}: {fmtTonnes(Math.abs(gap.gap_t))} {gap.gap_t > 0 ? "above" : "under"} the required path
                  </span>
                )}
              </div>
              <FindingsList label={`SBTi findings for ${target.name}`} findings={check.findings} />
              {check.trajectory.length > 0 ? (
                <TrajectoryChart name={target.name} points={check.trajectory} />
              ) : (
                <p className="text-sm text-slate-700">No trajectory yet: enter the base-year emissions or store activities for {target.base_year}.</p>
              )}
            </>
          ) : (
            <p className="text-sm text-slate-700">Not yet checked against the SBTi criteria.</p>
          )}
        </div>
      )}
    </Card>
  );
}
