export function ActivitiesPage() {
  return <h1 className="text-xl font-semibold">ActivitiesPage</h1>;
}
