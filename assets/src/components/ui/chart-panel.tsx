import { useState, type ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";

// A chart with its data as a table one click away (the table has the CSV
// download): every chart is readable without seeing it.

export function ChartPanel({ title, chart, table }: { title: string; chart: ReactNode; table: ReactNode }) {
  const [asTable, setAsTable] = useState(false);
  return (
    <Card
      title={title}
      actions={
        <Button variant="secondary" aria-pressed={asTable} aria-label={`${asTable ? "Show chart" : "Show table"} for ${title}`} onClick={() => setAsTable(!asTable)}>
          {asTable ? "Show chart" : "Show table"}
        </Button>
      }
    >
      {asTable ? table : <div className="relative h-64">{chart}</div>}
    </Card>
  );
}
