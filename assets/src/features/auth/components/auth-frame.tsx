import type { ReactNode } from "react";

export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="mx-auto mt-16 max-w-sm rounded-lg border border-slate-300 bg-white p-6 shadow-sm">
      <p className="text-sm font-semibold text-emerald-800">Carbon Depict</p>
      <h1 className="mb-4 text-xl font-semibold">{title}</h1>
      {children}
    </main>
  );
}
