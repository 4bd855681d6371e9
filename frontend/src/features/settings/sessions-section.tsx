"use client";

import { LogOut, MonitorSmartphone } from "lucide-react";
import { useLogout } from "@/api/account";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { DocumentTitle } from "@/components/shell/document-title";
import { FormError } from "@/features/auth/form-error";
import { SectionError } from "@/features/budgets/states";
import { useI18n } from "@/lib/i18n";
import { formatDateTime, formatRelative } from "@/lib/relative-time";
import { useRevokeSession, useSessions, type SessionInfo } from "./data";
import { describeAgent } from "./user-agent";

export function SessionsSection() {
  const { t } = useI18n();
  const s = t.settingsPage;
  const x = s.sessions;
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const logout = useLogout();
  return (
    <Card aria-labelledby="sessions-title">
      <DocumentTitle title={`${s.nav.sessions} · ${s.title}`} />
      <CardHeader className="flex-wrap">
        <div className="grid gap-1">
          <CardTitle id="sessions-title">{x.title}</CardTitle>
          <CardDescription>{x.text}</CardDescription>
        </div>
        <Button variant="outline" size="sm" onClick={() => logout.mutate(true)} disabled={logout.isPending}>
          <MonitorSmartphone aria-hidden="true" />
          {t.user.logoutEverywhere}
        </Button>
      </CardHeader>
      <CardContent className="grid gap-3">
        {revoke.isError && <FormError error={revoke.error} />}
        {logout.isError && <FormError error={logout.error} />}
        {sessions.isPending ? (
          <Skeleton className="h-32 w-full" />
        ) : sessions.isError ? (
          <SectionError error={sessions.error} onRetry={() => void sessions.refetch()} />
        ) : (
          <ul className="grid gap-3" data-testid="sessions">
            {[...sessions.data]
              .sort((a, b) => Number(b.current) - Number(a.current))
              .map((session) => (
                <SessionRow
                  key={session.id}
                  session={session}
                  busy={revoke.isPending || logout.isPending}
                  onEnd={() => (session.current ? logout.mutate(false) : revoke.mutate(session.id))}
                />
              ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

function SessionRow({ session, busy, onEnd }: { session: SessionInfo; busy: boolean; onEnd: () => void }) {
  const { t, locale, timeZone } = useI18n();
  const x = t.settingsPage.sessions;
  const agent = describeAgent(session.user_agent);
  const device =
    agent.browser && agent.os ? x.device(agent.browser, agent.os) : (agent.browser ?? agent.os ?? x.unknownDevice);
  return (
    <li
      className="grid gap-3 rounded-lg border p-3 sm:flex sm:items-center"
      data-testid="session"
      data-current={session.current ? "true" : undefined}
    >
      <div className="grid min-w-0 flex-1 gap-0.5">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          {device}
          {session.current && <Badge variant="positive">{x.current}</Badge>}
        </p>
        <p className="text-sm text-muted-foreground">
          {[
            session.ip,
            x.lastActive(formatRelative(session.last_used_at, locale)),
            x.signedIn(formatDateTime(session.created_at, locale, timeZone)),
          ]
            .filter(Boolean)
            .join(" · ")}
        </p>
        {session.user_agent && (
          <p className="truncate text-xs text-muted-foreground" title={session.user_agent}>
            {session.user_agent}
          </p>
        )}
      </div>
      <Button
        variant="outline"
        size="sm"
        className="justify-self-start"
        disabled={busy}
        onClick={onEnd}
        aria-label={session.current ? x.endCurrent : x.end(device, formatRelative(session.last_used_at, locale))}
      >
        <LogOut aria-hidden="true" />
        {session.current ? x.endCurrentShort : x.endShort}
      </Button>
    </li>
  );
}
