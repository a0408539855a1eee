export function ReportsPage() {
  return <h1 className="text-xl font-semibold">ReportsPage</h1>;
}
