export function FrameworksPage() {
  return <h1 className="text-xl font-semibold">FrameworksPage</h1>;
}
