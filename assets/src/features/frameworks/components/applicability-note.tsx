import type { Applicability } from "@/features/frameworks/api/get-status";

// CSRD: whether the company is in scope for the year, and why.
export function ApplicabilityNote({ a }: { a: Applicability }) {
  const verdict = a.in_scope === null ? "Not known yet" : a.in_scope ? "In scope" : "Not in scope";
  return (
    <p className="text-sm text-slate-800">
      <span className="font-semibold">CSRD applicability: {verdict}.</span> {a.reason}
      {a.rule && <span className="text-slate-700"> (rule {a.rule})</span>}
    </p>
  );
}
