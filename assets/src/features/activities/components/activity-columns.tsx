import { Button } from "@/components/ui/button";
import type { Column } from "@/components/ui/data-table";
import { fmtNumber } from "@/lib/format";
import type { Activity } from "@/features/activities/api/activities";
import { humanize, totalKg } from "@/features/activities/components/form-model";
import { Provenance, provenanceText } from "@/features/activities/components/provenance";

// The list's columns; the delete column only for those who may write.

export function activityColumns(facilityName: (id: string | null) => string, onDelete?: (a: Activity) => void): Column<Activity>[] {
  const cols: Column<Activity>[] = [
    { header: "Period", cell: (a) => `${a.period_start} – ${a.period_end}` },
    { header: "Category", cell: (a) => humanize(a.category), csv: (a) => a.category },
    { header: "Activity", cell: (a) => a.activity },
    { header: "Quantity", numeric: true, cell: (a) => `${fmtNumber(a.quantity)} ${a.unit}`, csv: (a) => `${a.quantity} ${a.unit}` },
    { header: "Facility", cell: (a) => facilityName(a.facility_id) },
    { header: "kg CO2e", numeric: true, cell: (a) => fmtNumber(totalKg(a.emissions)), csv: (a) => totalKg(a.emissions) },
    { header: "Provenance", cell: (a) => <Provenance emissions={a.emissions} />, csv: (a) => a.emissions.map(provenanceText).join("; ") },
  ];
  if (onDelete)
    cols.push({
      header: "Actions",
      csv: () => null,
      cell: (a) => (
        <Button variant="danger" aria-label={`Delete ${a.activity} ${a.quantity} ${a.unit} ${a.period_start}`} onClick={() => onDelete(a)}>
          Delete
        </Button>
      ),
    });
  return cols;
}
