import { SelectField } from "@/components/ui/field";
import type { Facility } from "@/features/activities/api/facilities";
import { humanize } from "@/features/activities/components/form-model";

type Props = {
  categories: string[];
  facilities: Facility[];
  category: string;
  facility: string;
  onChange: (k: "category" | "facility_id", v: string) => void;
};

export function ActivityFilters({ categories, facilities, category, facility, onChange }: Props) {
  // A facility from a link that is not (yet) in the list still shows as chosen.
  const known = !facility || facilities.some((f) => f.id === facility);
  return (
    <div className="grid gap-3 sm:grid-cols-3">
      <SelectField
        label="Filter by category"
        value={category}
        options={[{ value: "", label: "All categories" }, ...categories.map((c) => ({ value: c, label: humanize(c) }))]}
        onChange={(e) => onChange("category", e.target.value)}
      />
      <SelectField
        label="Filter by facility"
        value={facility}
        options={[
          { value: "", label: "All facilities" },
          ...(known ? [] : [{ value: facility, label: `Facility ${facility.slice(0, 8)}…` }]),
          ...facilities.map((f) => ({ value: f.id, label: f.name })),
        ]}
        onChange={(e) => onChange("facility_id", e.target.value)}
      />
    </div>
  );
}
