"use client";

import { AlertTriangle } from "lucide-react";
import { ApiError, isUnreachable } from "@/api/errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useI18n } from "@/lib/i18n";
import { formatDate } from "@/lib/format";

/** A section that could not load: why, in a sentence, and a way to try again. */
export function SectionError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useI18n();
  const text = isUnreachable(error)
    ? t.common.offline
    : error instanceof ApiError && error.status < 500 && error.status !== 401
      ? error.message
      : t.common.error;
  return (
    <Alert variant="destructive" role="alert" className="flex flex-wrap items-center justify-between gap-3">
      <span>{text}</span>
      <Button variant="outline" size="sm" onClick={onRetry}>
        {t.common.retry}
      </Button>
    </Alert>
  );
}

/** A budget's total needs an exchange rate the server does not have. */
export function MissingRate({ detail }: { detail: string }) {
  const { t, locale, timeZone } = useI18n();
  const b = t.budgetsPage;
  // The server says "no USD→EUR exchange rate on or before 2026-10-07: import rates with …".
  const named = /no ([A-Z]{3})→([A-Z]{3}) exchange rate on or before (\d{4}-\d{2}-\d{2})/.exec(detail);
  const what = named
    ? b.missingRatePair(named[1] ?? "", named[2] ?? "", formatDate(named[3] ?? "", locale, timeZone))
    : detail;
  return (
    <Alert variant="warning" className="grid gap-1.5" data-testid="missing-rate">
      <p className="flex items-start gap-2 font-medium">
        <AlertTriangle className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden="true" />
        {b.missingRate}
      </p>
      <p className="text-muted-foreground">{what}</p>
      <p className="text-muted-foreground">
        {b.missingRateFix} <code className="rounded bg-muted px-1 py-0.5 text-xs text-foreground">kakeibo fx import FILE</code>
      </p>
    </Alert>
  );
}
