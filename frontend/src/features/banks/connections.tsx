"use client";

import { useState } from "react";
import dynamic from "next/dynamic";
import { Loader2, RefreshCw, Link2, Trash2, Unplug } from "lucide-react";
import type { Account } from "@/api/types";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { FormError } from "@/features/auth/form-error";
import { SectionError } from "@/features/budgets/states";
import { useI18n } from "@/lib/i18n";
import type { Dictionary } from "@/lib/i18n/en";
import { formatDateTime, formatRelative } from "@/lib/relative-time";
import { isBringingAccounts, useDeleteConnection, useProviders, useSyncNow, type Connection } from "./data";

const ConfirmDialog = dynamic(() => import("@/components/ui/confirm-dialog").then((m) => m.ConfirmDialog), {
  ssr: false,
});

const statusVariant: Record<string, "positive" | "secondary" | "warning" | "negative"> = {
  active: "positive",
  pending: "secondary",
  error: "warning",
  reauth_required: "negative",
};

/** The provider's error, in words a person reads; the raw text stays one click away. */
export function errorKind(text: string, t: Dictionary): string {
  const e = t.banksPage.errorKinds;
  const s = text.toLowerCase();
  if (/rate.?limit|too many|429|quota/.test(s)) return e.rateLimited;
  if (/timed? ?out|timeout|unreachable|connect(ion)? (refused|reset|error)|dns|503|502|504|unavailable/.test(s))
    return e.unreachable;
  if (/consent|expired|reauth|re-auth|revoked|suspended|permission|access/.test(s)) return e.consent;
  if (/rejected|refused|denied|invalid|forbidden|401|403/.test(s)) return e.rejected;
  return e.other;
}

export function ConnectionList({
  connections,
  accounts,
  busy,
  onRenew,
}: {
  connections: { data?: Connection[]; isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };
  accounts: Account[];
  busy: string | null;
  onRenew: (connection: Connection) => void;
}) {
  const { t } = useI18n();
  const b = t.banksPage;
  const [deleting, setDeleting] = useState<Connection | null>(null);
  const remove = useDeleteConnection();
  return (
    <section aria-labelledby="connections-heading" className="grid gap-4" data-testid="connections-section">
      <h2 id="connections-heading" className="text-lg font-semibold">
        {b.connections}
      </h2>
      {connections.isPending ? (
        <Skeleton className="h-36 rounded-xl" />
      ) : connections.isError ? (
        <SectionError error={connections.error} onRetry={() => void connections.refetch()} />
      ) : !connections.data || connections.data.length === 0 ? (
        <p className="rounded-xl border border-dashed p-6 text-sm text-muted-foreground">{b.noConnections}</p>
      ) : (
        <ul className="grid gap-4 lg:grid-cols-2">
          {connections.data.map((c) => (
            <li key={c.id} className="grid">
              <ConnectionCard
                connection={c}
                accountCount={accounts.filter((a) => a.connection_id === c.id).length}
                busy={busy === c.id}
                onRenew={() => onRenew(c)}
                onDelete={() => setDeleting(c)}
              />
            </li>
          ))}
        </ul>
      )}
      {deleting && (
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => {
          if (!open) {
            remove.reset();
            setDeleting(null);
          }
        }}
        title={deleting ? b.disconnectTitle(deleting.institution_name) : ""}
        description={b.disconnectText}
        confirmLabel={b.disconnect}
        cancelLabel={t.common.cancel}
        closeLabel={t.common.close}
        busy={remove.isPending}
        error={remove.isError ? <FormError error={remove.error} /> : null}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
      />
      )}
    </section>
  );
}

function ConnectionCard({
  connection: c,
  accountCount,
  busy,
  onRenew,
  onDelete,
}: {
  connection: Connection;
  accountCount: number;
  busy: boolean;
  onRenew: () => void;
  onDelete: () => void;
}) {
  const { t, locale, timeZone } = useI18n();
  const b = t.banksPage;
  const sync = useSyncNow();
  const providers = useProviders();
  const providerName = providers.data?.find((p) => p.id === c.provider)?.name ?? c.provider;
  const titleId = `connection-${c.id}`;
  const firstSync = isBringingAccounts(c, accountCount);
  const canSync = c.status === "active" || c.status === "error";
  const when = (instant: string | null | undefined) =>
    instant ? (
      <time dateTime={instant} title={formatDateTime(instant, locale, timeZone)}>
        {formatRelative(instant, locale)}
      </time>
    ) : (
      b.never
    );

  return (
    <article
      aria-labelledby={titleId}
      className="flex flex-col gap-4 rounded-xl border bg-card p-5 shadow-xs"
      data-testid="connection-card"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="grid min-w-0 gap-0.5">
          <h3 id={titleId} className="truncate font-semibold">
            {c.institution_name}
          </h3>
          <p className="text-sm text-muted-foreground">
            {providerName === c.institution_name ? "" : `${providerName} · `}
            {b.accountsCount(accountCount)}
          </p>
        </div>
        <Badge variant={statusVariant[c.status] ?? "secondary"} data-testid="connection-status">
          {b.status[c.status] ?? c.status}
        </Badge>
      </div>

      {firstSync ? (
        <p className="flex items-center gap-2 text-sm" role="status">
          <Loader2 className="size-4 animate-spin" aria-hidden="true" />
          {b.statusText.firstSync}
        </p>
      ) : c.status === "pending" ? (
        <p className="text-sm text-muted-foreground">{b.statusText.pending}</p>
      ) : c.status === "error" || c.status === "reauth_required" ? (
        <Alert variant={c.status === "error" ? "warning" : "destructive"} className="grid gap-1">
          <p className="font-medium">
            {c.status === "error" ? b.statusText.error(Math.max(1, c.consecutive_failures)) : b.statusText.reauth_required}
          </p>
          {c.last_error && (
            <>
              <p>{errorKind(c.last_error, t)}</p>
              <details className="text-muted-foreground">
                <summary className="cursor-pointer">{b.errorDetails}</summary>
                <p className="mt-1 break-words">{c.last_error}</p>
              </details>
            </>
          )}
        </Alert>
      ) : null}

      <dl className="grid grid-cols-2 gap-3 text-sm">
        <div>
          <dt className="text-xs text-muted-foreground">{b.lastSynced}</dt>
          <dd data-testid="last-synced">{when(c.last_synced_at)}</dd>
        </div>
        <div>
          <dt className="text-xs text-muted-foreground">{b.nextSync}</dt>
          <dd>{c.status === "active" || c.status === "error" ? when(c.next_sync_at) : b.never}</dd>
        </div>
      </dl>

      <div aria-live="polite" className="text-sm empty:hidden">
        {sync.isSuccess && sync.data === "synced" && <p className="text-positive">{b.synced}</p>}
        {sync.isSuccess && sync.data === "failed" && <p className="text-destructive">{b.syncFailed}</p>}
        {sync.isSuccess && sync.data === "still-queued" && <p className="text-muted-foreground">{b.syncQueued}</p>}
        {sync.isError && <FormError error={sync.error} />}
      </div>

      <div className="mt-auto flex flex-wrap items-center gap-2 border-t pt-3">
        {canSync && (
          <Button
            variant="outline"
            size="sm"
            disabled={sync.isPending || firstSync}
            onClick={() => sync.mutate(c)}
            aria-label={b.syncNowName(c.institution_name)}
          >
            <RefreshCw className={sync.isPending ? "animate-spin" : undefined} aria-hidden="true" />
            {sync.isPending ? b.syncing : b.syncNow}
          </Button>
        )}
        <Button
          variant={c.status === "reauth_required" || c.status === "pending" ? "default" : "ghost"}
          size="sm"
          disabled={busy}
          onClick={onRenew}
          aria-label={c.status === "pending" ? b.finishName(c.institution_name) : b.reconnectName(c.institution_name)}
        >
          {busy ? <Loader2 className="animate-spin" aria-hidden="true" /> : <Link2 aria-hidden="true" />}
          {c.status === "pending" ? b.finish : b.reconnect}
        </Button>
        <span className="flex-1" />
        <Button variant="ghost" size="sm" onClick={onDelete} aria-label={b.disconnectName(c.institution_name)}>
          {c.status === "pending" ? <Trash2 aria-hidden="true" /> : <Unplug aria-hidden="true" />}
          <span className="hidden sm:inline">{b.disconnect}</span>
        </Button>
      </div>
    </article>
  );
}
