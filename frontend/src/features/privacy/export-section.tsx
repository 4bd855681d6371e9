"use client";

import { useState } from "react";
import { Download, FileArchive, Loader2 } from "lucide-react";
import { ApiError } from "@/api/errors";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { FormError, FormSuccess } from "@/features/auth/form-error";
import { SectionError } from "@/features/budgets/states";
import { formatBytes } from "@/lib/format";
import { useI18n } from "@/lib/i18n";
import { formatDateTime } from "@/lib/relative-time";
import { type ExportStatus, inProgress, useDownloadExport, useExports, usePrivacyTerms, useRequestExport } from "./data";

/** The newest exports shown; older ones have long expired. */
const SHOWN = 5;

const BADGE = {
  queued: "secondary",
  running: "secondary",
  ready: "positive",
  expired: "outline",
  failed: "negative",
} as const;

/**
 * "Export your data": what the zip holds and how long it stays, a button to ask for one
 * (busy while one is being made; the list is polled meanwhile), and the user's exports with
 * their state and a Download button for ready ones.
 */
export function ExportSection() {
  const { t, locale, timeZone } = useI18n();
  const x = t.privacyPage;
  const terms = usePrivacyTerms();
  const exports = useExports();
  const request = useRequestExport();
  const download = useDownloadExport();
  const [notice, setNotice] = useState<"added" | "already" | null>(null);
  const busy = exports.data?.some(inProgress) ?? false;
  const label = busy ? x.exportInProgress : exports.data?.length ? x.exportRequestNew : x.exportRequest;

  const ask = () => {
    setNotice(null);
    download.reset();
    request.mutate(undefined, { onSuccess: (r) => setNotice(r.added ? "added" : "already") });
  };
  const fetchFile = (id: string) => {
    setNotice(null);
    request.reset();
    download.mutate(id);
  };
  // A 409 or 410 says the row was out of date; the list is being refreshed to show why.
  const stale =
    download.error instanceof ApiError
      ? download.error.status === 410
        ? x.exportGone
        : download.error.status === 409
          ? x.exportNotReady
          : null
      : null;

  return (
    <section aria-labelledby="export-title" className="grid gap-4" data-testid="privacy-export">
      <div className="flex items-start gap-3">
        <FileArchive className="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-hidden="true" />
        <div className="grid gap-1 text-sm">
          <h3 id="export-title" className="font-medium">
            {x.exportTitle}
          </h3>
          <p className="text-muted-foreground">{x.exportText}</p>
          {terms.data && (
            <p className="text-muted-foreground" data-testid="export-expiry">
              {x.exportExpiry(terms.data.export_expiry_days)}
            </p>
          )}
        </div>
      </div>
      <div>
        <Button onClick={ask} disabled={busy || request.isPending || exports.isPending} data-testid="request-export">
          {busy || request.isPending ? (
            <Loader2 className="animate-spin" aria-hidden="true" />
          ) : (
            <Download aria-hidden="true" />
          )}
          {label}
        </Button>
      </div>
      <div aria-live="polite" className="empty:hidden">
        {notice && busy && <FormSuccess>{notice === "added" ? x.exportAdded : x.exportAlready}</FormSuccess>}
      </div>
      <FormError error={request.error} />
      <FormError error={stale ? null : download.error} message={stale} />
      {exports.isPending ? (
        <div aria-busy="true">
          <span className="sr-only">{t.common.loading}</span>
          <Skeleton className="h-16 w-full" />
        </div>
      ) : exports.isError ? (
        <SectionError error={exports.error} onRetry={() => void exports.refetch()} />
      ) : exports.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">{x.exportNone}</p>
      ) : (
        <ul aria-label={x.exportList} className="divide-y rounded-lg border" data-testid="export-list">
          {exports.data.slice(0, SHOWN).map((e) => (
            <ExportRow
              key={e.id}
              item={e}
              downloading={download.isPending && download.variables === e.id}
              onDownload={() => fetchFile(e.id)}
              when={(iso) => formatDateTime(iso, locale, timeZone)}
              size={(bytes) => formatBytes(bytes, locale)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function ExportRow({
  item,
  downloading,
  onDownload,
  when,
  size,
}: {
  item: ExportStatus;
  downloading: boolean;
  onDownload: () => void;
  when: (iso: string) => string;
  size: (bytes: number) => string;
}) {
  const { t } = useI18n();
  const x = t.privacyPage;
  const status = item.status as keyof typeof BADGE;
  const requested = when(item.created_at);
  const detail =
    status === "queued"
      ? x.exportQueuedText
      : status === "running"
        ? x.exportRunningText
        : status === "ready"
          ? x.exportReadyText(size(item.size_bytes ?? 0), item.expires_at ? when(item.expires_at) : "")
          : status === "expired"
            ? x.exportExpiredText(item.expires_at ? when(item.expires_at) : "")
            : x.exportFailedText;
  return (
    <li className="flex flex-wrap items-center justify-between gap-3 p-3" data-testid="export-row" data-status={status}>
      <div className="grid min-w-0 flex-1 basis-60 gap-1 text-sm">
        <div className="flex flex-wrap items-center gap-2">
          <Badge variant={BADGE[status] ?? "outline"}>
            {inProgress(item) && <Loader2 className="size-3 animate-spin" aria-hidden="true" />}
            {x.exportStatus[status] ?? status}
          </Badge>
          <span className="font-medium">{x.exportRequested(requested)}</span>
        </div>
        <p className="text-muted-foreground">{detail}</p>
      </div>
      {status === "ready" && (
        <Button variant="outline" size="sm" onClick={onDownload} disabled={downloading} aria-label={x.exportDownloadLabel(requested)}>
          {downloading ? <Loader2 className="animate-spin" aria-hidden="true" /> : <Download aria-hidden="true" />}
          {x.exportDownload}
        </Button>
      )}
    </li>
  );
}
