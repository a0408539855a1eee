import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

// DELETE /api/activities/{id}: the activity and its emissions go.

export function deleteActivity(id: string): Promise<void> {
  return api<void>(`/api/activities/${encodeURIComponent(id)}`, { method: "DELETE" });
}

export function useDeleteActivity() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: deleteActivity,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["activities"] });
      void qc.invalidateQueries({ queryKey: ["emissions"] });
    },
  });
}
