import { Link } from "react-router-dom";
import type { Facility } from "@/features/overview/api/get-facilities";
import type { Summary } from "@/features/overview/api/get-summary";
import { facilityRows, type FacilityRow } from "@/features/overview/components/summary-data";
import { tonnes3 } from "@/features/overview/components/format";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { fmtTonnes } from "@/lib/format";

// Every facility with its scopes; the name opens its activities for the year.

export function activitiesHref(facilityId: string, year: number): string {
  return `/activities?${new URLSearchParams({ facility_id: facilityId, year: String(year) })}`;
}

const t = (k: keyof FacilityRow, header: string) => ({
  header,
  numeric: true,
  cell: (r: FacilityRow) => fmtTonnes(r[k] as number),
  csv: (r: FacilityRow) => tonnes3(r[k] as number),
});

export function FacilityTable({ summary, facilities }: { summary: Summary; facilities: Facility[] }) {
  const rows = facilityRows(summary, facilities);
  const title = `Emissions by facility, ${summary.year}`;
  return (
    <Card title="Facilities">
      {rows.length ? (
        <DataTable<FacilityRow>
          caption={title}
          file={`facilities-${summary.year}.csv`}
          rowKey={(r) => r.facility_id ?? "none"}
          rows={rows}
          columns={[
            {
              header: "Facility",
              cell: (r) =>
                r.facility_id ? (
                  <Link to={activitiesHref(r.facility_id, summary.year)} className="font-medium text-emerald-800 underline hover:text-emerald-950 focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-700">
                    {r.name}
                    <span className="sr-only">: show its activities</span>
                  </Link>
                ) : (
                  <span className="text-slate-700">{r.name}</span>
                ),
              csv: (r) => r.name,
            },
            t("scope1", "Scope 1 (t)"),
            t("scope2_location", "Scope 2 location (t)"),
            t("scope2_market", "Scope 2 market (t)"),
            t("scope3", "Scope 3 (t)"),
            t("location", "Total location (t)"),
            t("market", "Total market (t)"),
          ]}
        />
      ) : (
        <p className="text-sm text-slate-700">No facilities yet: emissions not tied to a facility count for the company as a whole.</p>
      )}
    </Card>
  );
}
