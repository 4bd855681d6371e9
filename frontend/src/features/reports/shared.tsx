"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useI18n } from "@/lib/i18n";
import type { UrlState } from "@/lib/use-url-state";
import { Toolbar } from "./controls";
import type { DateRange } from "./range";

/** What a report reads from the URL and how it writes back. */
export interface ReportProps {
  params: UrlState;
  set: (patch: Record<string, string | null>, push?: boolean) => void;
  range: DateRange;
  controls: React.ReactNode;
  baseCurrency: string;
}

export function ReportSkeleton() {
  const { t } = useI18n();
  return (
    <div className="grid grid-cols-1 gap-4" aria-busy="true">
      <span className="sr-only">{t.common.loading}</span>
      <Skeleton className="h-9 w-72" />
      <Skeleton className="h-96 rounded-xl" />
    </div>
  );
}

export function ReportError({ onRetry }: { onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <Alert variant="destructive" role="alert" className="flex flex-wrap items-center justify-between gap-3">
      <span>{t.common.error}</span>
      <Button variant="outline" size="sm" onClick={onRetry}>
        {t.common.retry}
      </Button>
    </Alert>
  );
}

/**
 * A report's page: its controls in the toolbar, then the skeleton while its query loads,
 * the error with a retry, or the report itself.
 */
export function ReportLayout({
  toolbar,
  query,
  children,
}: {
  toolbar: React.ReactNode;
  query: { isPending: boolean; isError: boolean; refetch: () => unknown };
  children: React.ReactNode;
}) {
  return (
    <div className="grid grid-cols-1 gap-4">
      <Toolbar>{toolbar}</Toolbar>
      {query.isPending ? <ReportSkeleton /> : query.isError ? <ReportError onRetry={() => void query.refetch()} /> : children}
    </div>
  );
}
