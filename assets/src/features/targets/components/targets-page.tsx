export function TargetsPage() {
  return <h1 className="text-xl font-semibold">TargetsPage</h1>;
}
