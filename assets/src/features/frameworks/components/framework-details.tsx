import { useMemo } from "react";
import { Link } from "react-router-dom";
import { Card } from "@/components/ui/card";
import { ErrorPanel, Loading } from "@/components/ui/status";
import { useCanWrite } from "@/lib/use-session";
import { useCatalog } from "@/features/frameworks/api/get-catalog";
import { useDictionary } from "@/features/frameworks/api/get-dictionary";
import { useStatus } from "@/features/frameworks/api/get-status";
import { useFramework } from "@/features/frameworks/api/get-framework";
import { useMetricValues } from "@/features/frameworks/api/get-metric-values";
import { ApplicabilityNote } from "@/features/frameworks/components/applicability-note";
import { DisclosureList } from "@/features/frameworks/components/disclosure-list";
import { MaterialityGrid } from "@/features/frameworks/components/materiality-grid";
import { editionText, frameworkName } from "@/features/frameworks/components/readiness-card";

// The selected framework for the year: its disclosures with their status
// and, opened, the data-entry form built from its catalogue.

export function FrameworkDetails({ id, year }: { id: string; year: number }) {
  const canWrite = useCanWrite();
  const info = useFramework(id);
  const status = useStatus(id, year);
  const catalog = useCatalog(id, year);
  const dict = useDictionary();
  const values = useMetricValues(year);
  const byId = useMemo(() => new Map((dict.data?.metrics ?? []).map((m) => [m.id, m])), [dict.data]);
  const name = frameworkName(id, info.data);

  const failed = [status, catalog, dict, values].find((q) => q.isError);
  let body;
  if (failed) body = <ErrorPanel error={failed.error} retry={() => void failed.refetch()} />;
  else if (!status.data || !catalog.data || !dict.data || !values.data) body = <Loading what={`Loading ${name}`} />;
  else
    body = (
      <div className="space-y-4">
        <p className="text-sm text-slate-700">Edition for {year}: {editionText(status.data.edition, info.data)}.</p>
        {status.data.applicability && <ApplicabilityNote a={status.data.applicability} />}
        {status.data.materiality && !status.data.materiality.assessed && <p className="text-sm text-slate-700">{status.data.materiality.note}</p>}
        {id === "sbti" && (
          <p className="text-sm text-slate-700">
            Targets are validated against the SBTi criteria on the{" "}
            <Link className="font-medium text-emerald-800 underline" to={{ pathname: "/targets", search: `?year=${year}` }}>
              Targets
            </Link>{" "}
            screen.
          </p>
        )}
        {id === "csrd" && <MaterialityGrid year={year} catalog={catalog.data} canWrite={canWrite} />}
        <DisclosureList framework={id} name={name} year={year} disclosures={status.data.disclosures} catalog={catalog.data} dict={byId} current={values.data.values} canWrite={canWrite} />
      </div>
    );
  return <Card title={`${name} disclosures ${year}`}>{body}</Card>;
}
