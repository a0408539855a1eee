import { Badge } from "@/components/ui/badge";
import type { Status } from "@/features/frameworks/api/get-status";
import { STATUS_LABEL } from "@/features/frameworks/components/disclosure-groups";

const TONE = { complete: "green", partial: "amber", missing: "red", not_material: "grey" } as const;

export function StatusBadge({ status }: { status: Status }) {
  return <Badge tone={TONE[status] ?? "grey"}>{STATUS_LABEL[status] ?? status}</Badge>;
}
