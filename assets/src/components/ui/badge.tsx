import type { ReactNode } from "react";

const tones = {
  green: "bg-emerald-100 text-emerald-900",
  amber: "bg-amber-100 text-amber-950",
  red: "bg-red-100 text-red-900",
  grey: "bg-slate-200 text-slate-900",
};

export function Badge({ tone = "grey", children }: { tone?: keyof typeof tones; children: ReactNode }) {
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${tones[tone]}`}>{children}</span>;
}
