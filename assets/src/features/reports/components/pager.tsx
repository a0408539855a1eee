import { Button } from "@/components/ui/button";

// Previous/next over `total` rows, `size` a page.
export function Pager({ offset, size, total, onOffset, what }: { offset: number; size: number; total: number; onOffset: (o: number) => void; what: string }) {
  const first = total ? offset + 1 : 0;
  const last = Math.min(offset + size, total);
  return (
    <nav aria-label={`Pages of the ${what}`} className="mt-2 flex items-center gap-3 text-sm text-slate-700">
      <span role="status">
        {first}–{last} of {total}
      </span>
      <Button variant="secondary" disabled={offset === 0} aria-label="Previous page" onClick={() => onOffset(Math.max(0, offset - size))}>
        Previous
      </Button>
      <Button variant="secondary" disabled={offset + size >= total} aria-label="Next page" onClick={() => onOffset(offset + size)}>
        Next
      </Button>
    </nav>
  );
}
