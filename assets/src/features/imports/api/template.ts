import { queryOptions, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { download } from "@/lib/csv";

// GET /api/activities/import/template: the columns, with example rows.

export function fetchTemplate(): Promise<string> {
  return api<string>("/api/activities/import/template", { as: "text" });
}

export const templateQuery = () => queryOptions({ queryKey: ["imports", "template"], queryFn: fetchTemplate, staleTime: Infinity });

/** Fetch the template (once) and hand it to the browser as a file. */
export function useDownloadTemplate() {
  const qc = useQueryClient();
  return async () => download("activities-import-template.csv", await qc.fetchQuery(templateQuery()));
}
