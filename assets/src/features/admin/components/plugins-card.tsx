import { Card } from "@/components/ui/card";
import { ErrorPanel, Loading } from "@/components/ui/status";
import { usePlugins } from "@/features/admin/api/plugins";
import { PluginTable } from "@/features/admin/components/plugin-table";
import { useReloaded } from "@/features/admin/components/use-reloaded";

// The loaded plugins, polled every two seconds; a reload is highlighted.
export function PluginsCard() {
  const q = usePlugins();
  const reloaded = useReloaded(q.data, q.dataUpdatedAt);
  return (
    <Card title="Loaded plugins">
      {q.isPending ? (
        <Loading what="Loading plugins" />
      ) : q.isError && !q.data ? (
        <ErrorPanel error={q.error} retry={() => void q.refetch()} />
      ) : (
        <>
          {q.isError && (
            <p role="alert" className="mb-2 text-sm font-medium text-red-700">
              The last refresh failed ({q.error.message}); showing the list from before.
            </p>
          )}
          <PluginTable plugins={q.data} reloaded={reloaded} />
        </>
      )}
    </Card>
  );
}
