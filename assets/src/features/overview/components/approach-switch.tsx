import { APPROACHES, type Approach } from "@/features/overview/api/get-summary";

// Consolidation approach (GHG Protocol Corporate Standard, chapter 3):
// a labelled radio group; picking one refetches the summaries.

export const APPROACH_LABEL: Record<Approach, string> = {
  operational: "Operational control",
  financial: "Financial control",
  equity: "Equity share",
};

export function ApproachSwitch({ value, onChange, disabled }: { value: Approach | undefined; onChange: (a: Approach) => void; disabled?: boolean }) {
  return (
    <fieldset className="flex flex-wrap items-center gap-2 text-sm" disabled={disabled}>
      <legend className="sr-only">Consolidation approach</legend>
      <span aria-hidden="true" className="font-medium text-slate-800">
        Approach
      </span>
      {APPROACHES.map((a) => (
        <label
          key={a}
          className={`flex cursor-pointer items-center gap-1.5 rounded border px-2 py-1 focus-within:outline focus-within:outline-2 focus-within:outline-sky-700 ${
            value === a ? "border-emerald-700 bg-emerald-50 font-semibold text-emerald-950" : "border-slate-400 bg-white text-slate-800"
          }`}
        >
          <input type="radio" name="approach" value={a} checked={value === a} onChange={() => onChange(a)} className="accent-emerald-700" />
          {APPROACH_LABEL[a]}
        </label>
      ))}
    </fieldset>
  );
}
