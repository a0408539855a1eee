import { useSearchParams } from "react-router-dom";

// The reporting year every screen shows, kept in the URL (?year=) so a
// reload or a shared link shows the same year.  Default: the last full year.
export function yearOf(params: URLSearchParams): number {
  const y = Number(params.get("year"));
  return Number.isInteger(y) && y >= 1990 && y <= 2100 ? y : new Date().getFullYear() - 1;
}

export function useYear(): [number, (y: number) => void] {
  const [params, setParams] = useSearchParams();
  const year = yearOf(params);
  const setYear = (v: number) =>
    setParams((p) => {
      p.set("year", String(v));
      return p;
    });
  return [year, setYear];
}
