import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { Target } from "@/features/targets/api/get-targets";
import { updateTarget } from "@/features/targets/api/put-target";

// POST /api/targets: a new target → 201 {id}; 422 names the field.

export type TargetInput = Omit<Target, "id" | "kind" | "ambition" | "coverage_pct" | "base_emissions_t"> & {
  kind?: Target["kind"];
  ambition?: NonNullable<Target["ambition"]>;
  coverage_pct?: number;
  base_emissions_t?: number;
};

export const createTarget = (t: TargetInput) => api<{ id: string }>("/api/targets", { method: "POST", json: t });

/** Offline drafts of a target: the form as typed and, once submitted, the body. */
export const TARGET_DRAFT = "target";
export type TargetDraft<F = unknown> = { form: F; id?: string; input?: TargetInput };

/** A queued target: created, or updated when it has an id. */
export function sendTargetDraft(p: unknown): Promise<unknown> {
  const d = p as TargetDraft;
  if (!d.input) return Promise.resolve();
  return d.id ? updateTarget(d.id, d.input) : createTarget(d.input);
}

export function useCreateTarget() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createTarget, onSuccess: () => qc.invalidateQueries({ queryKey: ["targets"] }) });
}
