import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { TargetInput } from "@/features/targets/api/post-target";

// PUT /api/targets/{id}: replaces the target (absent optional fields take
// their defaults) → 200 {id}; 404 for another company's; 422 names the field.

export const updateTarget = (id: string, t: TargetInput) =>
  api<{ id: string }>(`/api/targets/${encodeURIComponent(id)}`, { method: "PUT", json: t });

export function useUpdateTarget() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: TargetInput }) => updateTarget(id, input),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["targets"] }),
  });
}
