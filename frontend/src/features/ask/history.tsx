"use client";

import { useState } from "react";
import { Loader2, MessageSquare, Trash2 } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Skeleton } from "@/components/ui/skeleton";
import { formatDateTime, formatRelative } from "@/lib/relative-time";
import { useI18n } from "@/lib/i18n";
import { useConversations, useDeleteConversation } from "./data";
import type { Conversation } from "./types";

/** Past conversations, newest first: each reopens, or is deleted after a confirmation. */
export function ConversationList({
  currentId,
  onOpen,
}: {
  currentId: string | null;
  onOpen: (id: string) => void;
}) {
  const { t, locale, timeZone } = useI18n();
  const c = t.ask.conversations;
  const list = useConversations(true);
  const remove = useDeleteConversation();
  const [doomed, setDoomed] = useState<Conversation | null>(null);
  const conversations = list.data?.pages.flatMap((p) => p.conversations) ?? [];

  if (list.isPending) {
    return (
      <div className="grid gap-2" aria-busy="true">
        <span className="sr-only">{t.common.loading}</span>
        <Skeleton className="h-14" />
        <Skeleton className="h-14" />
        <Skeleton className="h-14" />
      </div>
    );
  }
  if (list.isError) {
    return (
      <Alert variant="destructive" className="grid gap-2">
        <p>{t.common.error}</p>
        <div>
          <Button variant="outline" size="sm" onClick={() => void list.refetch()}>
            {t.common.retry}
          </Button>
        </div>
      </Alert>
    );
  }
  if (conversations.length === 0) {
    return <p className="py-8 text-center text-sm text-muted-foreground">{c.empty}</p>;
  }
  return (
    <div className="grid gap-3">
      <ul className="grid gap-1" data-testid="ask-conversations">
        {conversations.map((conv) => {
          const current = conv.id === currentId;
          return (
            <li key={conv.id} className="flex items-stretch gap-1 rounded-lg border bg-card" data-testid="ask-conversation">
              <button
                type="button"
                onClick={() => onOpen(conv.id)}
                aria-label={c.open(conv.title)}
                aria-current={current ? "true" : undefined}
                className="flex min-w-0 flex-1 items-start gap-2.5 rounded-lg px-3 py-2.5 text-left hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring"
                data-testid="ask-conversation-open"
              >
                <MessageSquare className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
                <span className="grid min-w-0 gap-0.5">
                  <span className="truncate text-sm font-medium">{conv.title}</span>
                  <span className="text-xs text-muted-foreground">
                    <time dateTime={conv.updated_at} title={formatDateTime(conv.updated_at, locale, timeZone)}>
                      {formatRelative(conv.updated_at, locale)}
                    </time>{" "}
                    · {c.questions(conv.questions)}
                    {current && <> · {c.current}</>}
                  </span>
                </span>
              </button>
              <Button
                variant="ghost"
                size="icon"
                className="m-1 shrink-0 text-muted-foreground hover:text-destructive"
                aria-label={c.delete(conv.title)}
                title={c.delete(conv.title)}
                onClick={() => {
                  remove.reset();
                  setDoomed(conv);
                }}
                data-testid="ask-conversation-delete"
              >
                <Trash2 aria-hidden="true" />
              </Button>
            </li>
          );
        })}
      </ul>
      {list.hasNextPage && (
        <Button variant="outline" size="sm" className="justify-self-center" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {list.isFetchingNextPage && <Loader2 className="animate-spin" aria-hidden="true" />}
          {c.more}
        </Button>
      )}
      <ConfirmDialog
        open={doomed !== null}
        onOpenChange={(open) => {
          if (!open) setDoomed(null);
        }}
        title={c.confirmTitle}
        description={doomed ? c.confirmText(doomed.title) : ""}
        confirmLabel={c.confirm}
        cancelLabel={t.common.cancel}
        closeLabel={t.common.close}
        busy={remove.isPending}
        error={remove.isError ? <Alert variant="destructive">{c.failed}</Alert> : undefined}
        onConfirm={() => {
          if (!doomed) return;
          remove.mutate(doomed.id, { onSuccess: () => setDoomed(null) });
        }}
      />
    </div>
  );
}
