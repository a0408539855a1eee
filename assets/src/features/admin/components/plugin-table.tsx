import { Badge } from "@/components/ui/badge";
import type { Plugin } from "@/features/admin/api/plugins";

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });
const loadedAt = (s: string) => (Number.isNaN(Date.parse(s)) ? s : when.format(new Date(s)));
const HEAD = ["Name", "Kind", "Version", "ABI", "Generation", "Loaded at (UTC)", "Description"];

export function PluginTable({ plugins, reloaded }: { plugins: Plugin[]; reloaded: Set<string> }) {
  const fresh = plugins.filter((p) => reloaded.has(p.name));
  const sorted = [...plugins].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  return (
    <div>
      <p role="status" className="sr-only">
        {fresh.map((p) => `${p.name} reloaded: generation ${p.generation}.`).join(" ")}
      </p>
      <div className="overflow-x-auto">
        <table className="min-w-full text-left text-sm">
          <caption className="sr-only">Loaded plugins, refreshed every two seconds</caption>
          <thead className="border-b border-slate-300 text-slate-700">
            <tr>
              {HEAD.map((h) => (
                <th key={h} scope="col" className={`px-2 py-1 font-semibold ${h === "Generation" ? "text-right" : ""}`}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sorted.map((p) => {
              const hot = reloaded.has(p.name);
              return (
                <tr key={p.name} data-reloaded={hot || undefined} className={`border-b border-slate-200 ${hot ? "bg-amber-50" : ""}`}>
                  <th scope="row" className="px-2 py-1 font-medium">
                    {p.name} {hot && <Badge tone="amber">reloaded</Badge>}
                  </th>
                  <td className="px-2 py-1">{p.kind}</td>
                  <td className="px-2 py-1">{p.version}</td>
                  <td className="px-2 py-1">{p.abi}</td>
                  <td className="px-2 py-1 text-right tabular-nums">{p.generation}</td>
                  <td className="whitespace-nowrap px-2 py-1">
                    <time dateTime={p.loaded_at}>{loadedAt(p.loaded_at)}</time>
                  </td>
                  <td className="px-2 py-1 text-slate-700">{p.description}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
