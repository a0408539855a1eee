import { useSearchParams } from "react-router-dom";
import { useYear } from "@/lib/use-year";

// The list's filters live in the URL (?year=&category=&facility_id=&page=),
// so the overview's drill-down (/activities?facility_id=..&year=..) and a
// reload show the same rows.

export const PAGE_SIZE = 20;

export function useActivityFilters() {
  const [params, setParams] = useSearchParams();
  const [year] = useYear();
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const category = params.get("category") ?? "";
  const facility = params.get("facility_id") ?? "";
  const set = (k: "category" | "facility_id" | "page", v: string) =>
    setParams(
      (p) => {
        if (v && !(k === "page" && v === "1")) p.set(k, v);
        else p.delete(k);
        if (k !== "page") p.delete("page");
        return p;
      },
      { replace: true },
    );
  return { year, category, facility, page, set };
}
