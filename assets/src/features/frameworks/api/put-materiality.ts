import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { Materiality } from "@/features/frameworks/api/get-materiality";

// PUT /api/frameworks/csrd/materiality: replaces the year's assessment; a
// refusal names topics.<id>.  A topic material from neither perspective
// turns its disclosures not_material, so CSRD's status changes.

export const putMateriality = (m: Materiality) =>
  api<{ year: number; stored: boolean }>("/api/frameworks/csrd/materiality", { method: "PUT", json: m });

export function useSaveMateriality() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: putMateriality,
    onSuccess: (_r, m) =>
      Promise.all([
        qc.invalidateQueries({ queryKey: ["csrd-materiality", m.year] }),
        qc.invalidateQueries({ queryKey: ["framework-status", "csrd"] }),
      ]),
  });
}
