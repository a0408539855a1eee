import { SelectField } from "@/components/ui/field";
import { mappingProblems, REQUIRED_COLUMNS, type Mapping } from "@/features/imports/components/csv-mapping";

// Each column of the chosen file onto one of the import's columns (or
// left out).  Required columns left unmapped, or a column mapped twice,
// are named and block the upload.

type Props = { columns: string[]; sample: string[]; targets: string[]; mapping: Mapping; onChange: (m: Mapping) => void };

export function ColumnMapping({ columns, sample, targets, mapping, onChange }: Props) {
  const { missing, twice } = mappingProblems(mapping);
  const options = [{ value: "", label: "(leave out)" }, ...targets.map((t) => ({ value: t, label: REQUIRED_COLUMNS.includes(t) ? `${t} (required)` : t }))];
  const set = (i: number, t: string) => onChange(mapping.map((x, j) => (j === i ? t : x)));
  return (
    <div className="space-y-3">
      <table className="min-w-full text-left text-sm">
        <caption className="sr-only">Columns of the file and what they are imported as</caption>
        <thead className="border-b border-slate-300 text-slate-700">
          <tr>
            <th scope="col" className="px-2 py-1">
              Column in your file
            </th>
            <th scope="col" className="px-2 py-1">
              First row
            </th>
            <th scope="col" className="px-2 py-1">
              Imported as
            </th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c, i) => (
            <tr key={i} className="border-b border-slate-200 align-top">
              <th scope="row" className="px-2 py-2 font-medium text-slate-900">
                {c || `(column ${i + 1})`}
              </th>
              <td className="px-2 py-2 text-slate-800">{sample[i] ?? ""}</td>
              <td className="px-2 py-1">
                <SelectField label={`Import column “${c || i + 1}” as`} value={mapping[i] ?? ""} options={options} onChange={(e) => set(i, e.target.value)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {(missing.length > 0 || twice.length > 0) && (
        <div role="alert" className="text-sm font-medium text-red-700">
          {missing.length > 0 && <p>Map a column to each required one: {missing.join(", ")}.</p>}
          {twice.length > 0 && <p>Each column can be used once: {twice.join(", ")} is chosen more than once.</p>}
        </div>
      )}
    </div>
  );
}
