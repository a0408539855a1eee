import type { Finding } from "@/features/targets/api/get-sbti-status";

// SBTi findings, one per criterion checked, passed or failed in words.
export function FindingsList({ label, findings }: { label: string; findings: Finding[] }) {
  return (
    <ul aria-label={label} className="space-y-1 text-sm">
      {findings.map((f, i) => (
        <li key={`${f.criterion}-${i}`} className="flex gap-2" data-passed={f.passed}>
          <span aria-hidden="true" className={f.passed ? "text-emerald-800" : "text-red-700"}>
            {f.passed ? "✓" : "✗"}
          </span>
          <span>
            <span className={`font-medium ${f.passed ? "text-slate-900" : "text-red-800"}`}>{f.passed ? "Passed" : "Failed"}: </span>
            <span className="text-slate-800">{f.message}</span>
            <span className="block text-xs text-slate-600">{f.criterion}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
