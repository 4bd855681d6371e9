"use client";

import { Loader2, Mail, MessageCircle, Send } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { SectionError } from "@/features/budgets/states";
import { useI18n } from "@/lib/i18n";
import type { Dictionary } from "@/lib/i18n/en";
import { formatDateTime, formatRelative } from "@/lib/relative-time";
import {
  deliveryReason,
  deliveryState,
  gaveUpAttempts,
  useDeliveries,
  type DeliveryRecord,
  type DeliveryState,
} from "./deliveries-data";

const BADGE: Record<DeliveryState, "positive" | "warning" | "negative" | "secondary" | "outline"> = {
  sent: "positive",
  retrying: "warning",
  waiting: "secondary",
  sending: "secondary",
  "not-sent": "outline",
  failed: "negative",
};

/** The last error of a delivery, in plain words. */
function reasonText(error: string, t: Dictionary): string {
  const r = t.emailDeliveries.reasons;
  const reason = deliveryReason(error);
  return reason === "gaveUp" ? r.gaveUp(gaveUpAttempts(error)) : r[reason];
}

/** Settings → E-mail summaries: what was sent (or not) to the user's e-mail and Telegram. */
export function DeliveriesSection() {
  const { t } = useI18n();
  const x = t.emailDeliveries;
  const list = useDeliveries();
  const deliveries = list.data?.pages.flatMap((p) => p.deliveries) ?? [];
  return (
    <Card aria-labelledby="deliveries-title" data-testid="deliveries">
      <CardHeader>
        <div className="grid gap-1">
          <CardTitle id="deliveries-title">{x.title}</CardTitle>
          <CardDescription>{x.text}</CardDescription>
        </div>
      </CardHeader>
      <CardContent className="grid gap-4">
        {list.isPending ? (
          <div aria-busy="true">
            <span className="sr-only">{t.common.loading}</span>
            <Skeleton className="h-32 w-full" />
          </div>
        ) : list.isError ? (
          <SectionError error={list.error} onRetry={() => void list.refetch()} />
        ) : deliveries.length === 0 ? (
          <div
            className="flex items-start gap-3 rounded-lg border border-dashed p-5 text-sm"
            data-testid="deliveries-empty"
          >
            <Send className="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-hidden="true" />
            <div className="grid gap-1">
              <p className="font-medium">{x.emptyTitle}</p>
              <p className="text-muted-foreground">{x.emptyText}</p>
            </div>
          </div>
        ) : (
          <div className="overflow-x-auto rounded-lg border">
            <table className="w-full text-sm" data-testid="deliveries-table">
              <caption className="sr-only">{x.title}</caption>
              <thead>
                <tr className="border-b text-left text-xs text-muted-foreground">
                  <th scope="col" className="px-3 py-2 font-medium">
                    {x.columns.what}
                  </th>
                  <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">
                    {x.columns.channel}
                  </th>
                  <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
                    {x.columns.when}
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    {x.columns.status}
                  </th>
                </tr>
              </thead>
              <tbody>
                {deliveries.map((d) => (
                  <DeliveryRow key={d.id} delivery={d} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {list.hasNextPage && (
          <div>
            <Button variant="outline" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
              {list.isFetchingNextPage && <Loader2 className="animate-spin" aria-hidden="true" />}
              {x.more}
            </Button>
          </div>
        )}
      </CardContent>
    </Card>
  );
}

function DeliveryRow({ delivery: d }: { delivery: DeliveryRecord }) {
  const { t, locale, timeZone } = useI18n();
  const x = t.emailDeliveries;
  const state = deliveryState(d);
  const when = formatDateTime(d.sent_at ?? d.created_at, locale, timeZone);
  const channel = x.channels[d.channel] ?? d.channel;
  const ChannelIcon = d.channel === "telegram" ? MessageCircle : Mail;
  const explained = state === "failed" || state === "not-sent" || state === "retrying";
  return (
    <tr className="border-b align-top last:border-0" data-testid="delivery" data-status={state}>
      <td className="px-3 py-2">
        <span className="font-medium">{t.notifications.kinds[d.kind] ?? d.kind}</span>
        {/* Narrow screens: the channel and time under the name. */}
        <span className="block text-xs text-muted-foreground md:hidden">
          <span className="sm:hidden">{channel} · </span>
          <time dateTime={d.sent_at ?? d.created_at}>{when}</time>
        </span>
        {explained && d.last_error && (
          <span className="mt-1 block text-xs text-muted-foreground" data-testid="delivery-reason">
            {reasonText(d.last_error, t)}
            {state === "retrying" && d.deliver_after && ` ${x.nextTry(formatRelative(d.deliver_after, locale))}`}
          </span>
        )}
        {state === "waiting" && <span className="mt-1 block text-xs text-muted-foreground">{x.waitingText}</span>}
        {explained && d.last_error && (
          <details className="mt-1 text-xs text-muted-foreground">
            <summary className="w-fit cursor-pointer rounded-sm underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-ring">
              {x.details}
            </summary>
            <p className="mt-1 font-mono [overflow-wrap:anywhere]">
              {d.last_error} · {x.attempts(d.attempts)}
            </p>
          </details>
        )}
      </td>
      <td className="hidden px-3 py-2 whitespace-nowrap sm:table-cell">
        <span className="inline-flex items-center gap-1.5">
          <ChannelIcon className="size-4 text-muted-foreground" aria-hidden="true" />
          {channel}
        </span>
      </td>
      <td className="hidden px-3 py-2 whitespace-nowrap tabular md:table-cell">
        <time dateTime={d.sent_at ?? d.created_at}>{when}</time>
      </td>
      <td className="px-3 py-2 text-right">
        <Badge variant={BADGE[state]}>{x.states[state]}</Badge>
      </td>
    </tr>
  );
}
