"use client";

import { useEffect, useState } from "react";
import { CheckCircle2, ExternalLink, Info, Loader2, MessageCircle, RefreshCw, Unlink } from "lucide-react";
import { ApiError } from "@/api/errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { QrCode } from "@/components/ui/qr-code";
import { Skeleton } from "@/components/ui/skeleton";
import { DocumentTitle } from "@/components/shell/document-title";
import { FormError } from "@/features/auth/form-error";
import { SectionError } from "@/features/budgets/states";
import { useI18n } from "@/lib/i18n";
import { formatDateTime } from "@/lib/relative-time";
import { useCreateLinkCode, useTelegramLink, useUnlinkTelegram, type LinkCode, type LinkStatus } from "./data";

/** Settings → Telegram: link a chat with a one-time code (QR and deep link), or unlink it. */
export function TelegramSection() {
  const { t } = useI18n();
  const s = t.settingsPage;
  const x = t.notifications.telegram;
  const [code, setCode] = useState<LinkCode | null>(null);
  const [linkedOnce, setLinkedOnce] = useState(false);
  const link = useTelegramLink(code != null && !linkedOnce);
  const linked = link.data?.linked === true;
  // A chat linked with the code on screen spent it: after an unlink, a new code is asked for.
  if (linked && code && !linkedOnce) setLinkedOnce(true);
  return (
    <Card aria-labelledby="telegram-title">
      <DocumentTitle title={`${s.nav.telegram} · ${s.title}`} />
      <CardHeader>
        <div className="grid gap-1">
          <CardTitle id="telegram-title">{x.title}</CardTitle>
          <CardDescription>{x.text}</CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        {link.isPending ? (
          <div className="grid gap-4" aria-busy="true">
            <span className="sr-only">{t.common.loading}</span>
            <Skeleton className="h-24 w-full" />
          </div>
        ) : link.error instanceof ApiError && link.error.status === 404 ? (
          // A server without the bot's endpoints.
          <NoBot />
        ) : link.isError ? (
          <SectionError error={link.error} onRetry={() => void link.refetch()} />
        ) : linked ? (
          <Linked
            status={link.data}
            onUnlinked={() => {
              setCode(null);
              setLinkedOnce(false);
            }}
          />
        ) : (
          <NotLinked code={linkedOnce ? null : code} onCode={setCode} />
        )}
      </CardContent>
    </Card>
  );
}

function Linked({ status, onUnlinked }: { status: LinkStatus; onUnlinked: () => void }) {
  const { t, locale, timeZone } = useI18n();
  const x = t.notifications.telegram;
  const unlink = useUnlinkTelegram();
  const [confirm, setConfirm] = useState(false);
  const chat = status.chat;
  const name = chat?.chat_username ? `@${chat.chat_username}` : chat?.chat_title || x.linkedChat;
  return (
    <div className="grid gap-4 text-sm" data-testid="telegram-linked">
      <p className="flex items-start gap-3 rounded-lg border bg-positive/10 p-4">
        <CheckCircle2 className="mt-0.5 size-5 shrink-0 text-positive" aria-hidden="true" />
        <span className="grid gap-1">
          <span className="font-medium">{x.linkedAs(name, chat ? formatDateTime(chat.linked_at, locale, timeZone) : "")}</span>
          <span className="text-muted-foreground">{x.linkedText}</span>
        </span>
      </p>
      <div>
        <Button variant="outline" onClick={() => setConfirm(true)} data-testid="telegram-unlink">
          <Unlink aria-hidden="true" />
          {x.unlink}
        </Button>
      </div>
      <ConfirmDialog
        open={confirm}
        onOpenChange={setConfirm}
        title={x.unlinkTitle}
        description={x.unlinkText}
        confirmLabel={x.unlink}
        cancelLabel={x.cancel}
        closeLabel={t.common.close}
        busy={unlink.isPending}
        error={unlink.isError ? <FormError error={unlink.error} /> : undefined}
        onConfirm={() =>
          unlink.mutate(undefined, {
            onSuccess: () => {
              setConfirm(false);
              onUnlinked();
            },
          })
        }
      />
    </div>
  );
}

function NotLinked({ code, onCode }: { code: LinkCode | null; onCode: (code: LinkCode | null) => void }) {
  const { t } = useI18n();
  const x = t.notifications.telegram;
  const create = useCreateLinkCode();
  const noBot = create.error instanceof ApiError && create.error.status === 409;
  const ask = () => create.mutate(undefined, { onSuccess: onCode });
  if (noBot) return <NoBot />;
  if (!code) {
    return (
      <div className="grid gap-4 text-sm" data-testid="telegram-not-linked">
        <p className="flex items-center gap-3 rounded-lg border border-dashed p-4 text-muted-foreground">
          <MessageCircle className="size-5 shrink-0" aria-hidden="true" />
          {x.notLinked}
        </p>
        <FormError error={create.error} />
        <div>
          <Button onClick={ask} disabled={create.isPending} data-testid="telegram-start">
            {create.isPending && <Loader2 className="animate-spin" aria-hidden="true" />}
            {x.start}
          </Button>
        </div>
      </div>
    );
  }
  return <CodeView code={code} onRenew={ask} renewing={create.isPending} />;
}

function NoBot() {
  const { t } = useI18n();
  return (
    <Alert className="flex gap-2" data-testid="telegram-no-bot">
      <Info className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
      <span>{t.notifications.telegram.noBot}</span>
    </Alert>
  );
}

function useSecondsLeft(until: string): number {
  const end = Date.parse(until);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 1_000);
    return () => window.clearInterval(id);
  }, [until]);
  return Math.max(0, Math.ceil((end - now) / 1000));
}

function CodeView({ code, onRenew, renewing }: { code: LinkCode; onRenew: () => void; renewing: boolean }) {
  const { t } = useI18n();
  const x = t.notifications.telegram;
  const left = useSecondsLeft(code.expires_at);
  const expired = left === 0;
  const clock = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
  return (
    <div className="grid gap-5 text-sm sm:grid-cols-[auto_minmax(0,1fr)] sm:items-start" data-testid="telegram-code">
      <div className="relative w-fit justify-self-center rounded-xl border bg-white p-2 sm:justify-self-start">
        <QrCode value={code.deep_link} label={x.qrLabel} className={expired ? "size-48 opacity-20" : "size-48"} />
      </div>
      <div className="grid content-start gap-4">
        <p>{x.steps}</p>
        <div>
          {expired ? (
            <Button disabled data-testid="telegram-deep-link">
              <ExternalLink aria-hidden="true" />
              {x.open}
            </Button>
          ) : (
            <Button asChild data-testid="telegram-deep-link">
              <a href={code.deep_link} target="_blank" rel="noopener noreferrer">
                <ExternalLink aria-hidden="true" />
                {x.open}
              </a>
            </Button>
          )}
        </div>
        <div className="grid gap-1.5">
          <span className="text-muted-foreground">{x.orSend}</span>
          <span className="flex flex-wrap items-center gap-2">
            <code className="rounded-md border bg-muted px-2 py-1 font-mono break-all" data-testid="telegram-command">
              /start {code.code}
            </code>
            <CopyButton text={`/start ${code.code}`} label={x.copy} doneLabel={x.copied} variant="outline" size="sm" />
          </span>
        </div>
        {/* The ticking clock is not announced; its running out is. */}
        <p className={expired ? "sr-only" : "text-muted-foreground"} data-testid="telegram-expiry">
          {expired ? "" : x.expiresIn(clock)}
        </p>
        <p role="status" className="font-medium text-destructive empty:hidden">
          {expired ? x.expired : ""}
        </p>
        {expired ? (
          <div>
            <Button variant="outline" onClick={onRenew} disabled={renewing} data-testid="telegram-renew">
              {renewing ? <Loader2 className="animate-spin" aria-hidden="true" /> : <RefreshCw aria-hidden="true" />}
              {x.newCode}
            </Button>
          </div>
        ) : (
          <p className="flex items-center gap-2 text-muted-foreground">
            <Loader2 className="size-4 animate-spin" aria-hidden="true" />
            {x.waiting}
          </p>
        )}
      </div>
    </div>
  );
}
