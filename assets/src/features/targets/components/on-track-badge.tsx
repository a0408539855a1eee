// Whether the latest year with emissions is at or under the required path.
export function OnTrackBadge({ onTrack }: { onTrack: boolean | null }) {
  const [text, look] =
    onTrack === null ? ["No actual data yet", "bg-slate-200 text-slate-900"] : onTrack ? ["On track", "bg-emerald-100 text-emerald-900"] : ["Off track", "bg-red-100 text-red-900"];
  return (
    <span data-testid="on-track-badge" className={`inline-block rounded px-2 py-0.5 text-sm font-semibold ${look}`}>
      {text}
    </span>
  );
}
