"use client";

import { Loader2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { DocumentTitle } from "@/components/shell/document-title";
import { SectionError } from "@/features/budgets/states";
import { useI18n } from "@/lib/i18n";
import type { Dictionary } from "@/lib/i18n/en";
import { formatDateTime } from "@/lib/relative-time";
import { useAuditLog, type AuditEvent } from "./data";
import { describeAgent } from "./user-agent";

/** A few of an event's details, in words: which token, which scopes, with 2FA or not. */
function detailText(event: AuditEvent, t: Dictionary): string {
  const a = t.settingsPage.audit;
  const d = event.details as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof d.two_factor === "boolean") parts.push(d.two_factor ? a.withTwoFactor : a.withoutTwoFactor);
  if (typeof d.consent === "boolean") parts.push(d.consent ? a.consentGiven : a.consentWithdrawn);
  if (Array.isArray(d.scopes)) parts.push(a.scopes(d.scopes.map(String).join(", ")));
  if (typeof d.reason === "string") parts.push(d.reason);
  if (typeof d.action === "string") parts.push(d.action);
  return parts.join(" · ");
}

export function AuditLogSection() {
  const { t, locale, timeZone } = useI18n();
  const s = t.settingsPage;
  const a = s.audit;
  const log = useAuditLog();
  const events = log.data?.pages.flatMap((p) => p.events) ?? [];
  return (
    <Card aria-labelledby="audit-title">
      <DocumentTitle title={`${s.nav.auditLog} · ${s.title}`} />
      <CardHeader>
        <div className="grid gap-1">
          <CardTitle id="audit-title">{a.title}</CardTitle>
          <CardDescription>{a.text}</CardDescription>
        </div>
      </CardHeader>
      <CardContent className="grid gap-4">
        {log.isPending ? (
          <Skeleton className="h-48 w-full" />
        ) : log.isError ? (
          <SectionError error={log.error} onRetry={() => void log.refetch()} />
        ) : events.length === 0 ? (
          <p className="text-sm text-muted-foreground">{a.none}</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border">
            <table className="w-full text-sm" data-testid="audit-table">
              <caption className="sr-only">{a.title}</caption>
              <thead>
                <tr className="border-b text-left text-xs text-muted-foreground">
                  <th scope="col" className="px-3 py-2 font-medium">
                    {a.columns.when}
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    {a.columns.event}
                  </th>
                  <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
                    {a.columns.from}
                  </th>
                </tr>
              </thead>
              <tbody>
                {events.map((event) => {
                  const agent = describeAgent(event.user_agent);
                  const details = detailText(event, t);
                  const failed = /failed|reused/.test(event.event);
                  return (
                    <tr key={event.id} className="border-b align-top last:border-0">
                      <td className="px-3 py-2 whitespace-nowrap tabular">
                        {formatDateTime(event.occurred_at, locale, timeZone)}
                      </td>
                      <td className="px-3 py-2">
                        <span className={failed ? "font-medium text-destructive" : "font-medium"}>
                          {a.events[event.event] ?? event.event}
                        </span>
                        {details && <span className="block text-xs text-muted-foreground">{details}</span>}
                        <span className="block text-xs text-muted-foreground md:hidden">
                          {[event.ip, agent.browser && agent.os ? `${agent.browser}, ${agent.os}` : agent.browser]
                            .filter(Boolean)
                            .join(" · ")}
                        </span>
                      </td>
                      <td className="hidden px-3 py-2 text-muted-foreground md:table-cell">
                        {[event.ip, agent.browser && agent.os ? `${agent.browser}, ${agent.os}` : agent.browser]
                          .filter(Boolean)
                          .join(" · ")}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {log.hasNextPage && (
          <div>
            <Button variant="outline" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
              {log.isFetchingNextPage && <Loader2 className="animate-spin" aria-hidden="true" />}
              {a.more}
            </Button>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
