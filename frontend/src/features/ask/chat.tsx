"use client";

import { useEffect, useRef, useState } from "react";
import { ArrowLeft, History, Loader2, SquarePen } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useI18n } from "@/lib/i18n";
import { Composer } from "./composer";
import { useChat, useChatActions } from "./data";
import { ConversationList } from "./history";
import { isStreaming, restorePending } from "./store";
import { TurnView } from "./turn";

/**
 * The chat panel's body (loaded when the panel first opens): the conversation with its
 * answers, example questions while it is empty, the past conversations, and the question
 * box. The conversation itself lives in `store.ts` and outlasts the panel.
 */
export function AskChat() {
  const { t } = useI18n();
  const a = t.ask;
  const state = useChat();
  const actions = useChatActions();
  const [view, setView] = useState<"chat" | "history">("chat");
  const [draft, setDraft] = useState("");
  const input = useRef<HTMLTextAreaElement | null>(null);
  const scroller = useRef<HTMLDivElement | null>(null);
  const streaming = isStreaming(state);
  const loading = state.loading || restorePending();

  // After a reload: the conversation this tab had comes back from the server.
  useEffect(() => {
    actions.restore();
  }, [actions]);

  // The question box has focus whenever the panel opens or comes back to the chat.
  useEffect(() => {
    if (view === "chat") input.current?.focus();
  }, [view]);

  // New content scrolls into view, unless the reader scrolled up to read.
  const last = state.turns.at(-1);
  const progress = `${state.turns.length}|${last?.status}|${last?.tools.length}|${last?.partial.length}`;
  const pinned = useRef(true);
  useEffect(() => {
    const el = scroller.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [progress, view]);

  const send = (question: string) => {
    const q = question.trim();
    if (!q || streaming || loading) return;
    pinned.current = true;
    setDraft("");
    setView("chat");
    void actions.ask(q);
  };

  const examples = (
    <div className="grid gap-2" data-testid="ask-examples">
      <p className="text-xs font-medium text-muted-foreground">{a.examplesTitle}</p>
      <ul className="flex flex-wrap gap-2">
        {a.examples.map((q) => (
          <li key={q}>
            <button
              type="button"
              onClick={() => send(q)}
              disabled={streaming}
              className="rounded-full border bg-card px-3 py-1.5 text-left text-sm hover:bg-accent focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring disabled:opacity-60"
              data-testid="ask-example"
            >
              {q}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-3">
      <div className="flex items-center gap-1 px-4 sm:px-6">
        {view === "history" ? (
          <Button variant="ghost" size="sm" onClick={() => setView("chat")} data-testid="ask-back">
            <ArrowLeft aria-hidden="true" />
            {a.backToChat}
          </Button>
        ) : (
          <Button variant="ghost" size="sm" onClick={() => setView("history")} data-testid="ask-history">
            <History aria-hidden="true" />
            {a.history}
          </Button>
        )}
        <Button
          variant="ghost"
          size="sm"
          className="ml-auto"
          onClick={() => {
            actions.newConversation();
            setView("chat");
            input.current?.focus();
          }}
          disabled={view === "chat" && state.turns.length === 0 && !loading}
          data-testid="ask-new"
        >
          <SquarePen aria-hidden="true" />
          {a.newConversation}
        </Button>
      </div>

      <div
        ref={scroller}
        className="min-h-0 flex-1 overflow-y-auto border-y px-4 py-4 sm:px-6"
        onScroll={(e) => {
          const el = e.currentTarget;
          pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
        }}
      >
        {view === "history" ? (
          <ConversationList
            currentId={state.conversationId}
            onOpen={(id) => {
              pinned.current = true;
              setView("chat");
              if (id !== state.conversationId || state.turns.length === 0) void actions.open(id);
            }}
          />
        ) : (
          <div className="grid grid-cols-1 gap-6">
            {loading && (
              <p className="flex items-center gap-2 text-sm text-muted-foreground" aria-busy="true">
                <Loader2 className="size-4 animate-spin" aria-hidden="true" />
                {t.common.loading}
              </p>
            )}
            {state.loadFailed && (
              <Alert variant="destructive" className="grid gap-2">
                <p>{a.loadFailed}</p>
                <div>
                  <Button variant="outline" size="sm" onClick={() => state.conversationId && void actions.open(state.conversationId)}>
                    {a.retry}
                  </Button>
                </div>
              </Alert>
            )}
            {state.turns.length === 0 && !loading && !state.loadFailed && (
              <div>{examples}</div>
            )}
            <ol
              aria-label={a.conversation}
              aria-live="polite"
              aria-relevant="additions text"
              className="grid grid-cols-1 gap-6"
              data-testid="ask-log"
            >
              {state.turns.map((turn) => (
                <TurnView key={turn.key} turn={turn} onRetry={(key) => void actions.retry(key)} examples={examples} />
              ))}
            </ol>
          </div>
        )}
      </div>

      <div className="px-4 sm:px-6">
        <Composer
          ref={input}
          value={draft}
          onChange={setDraft}
          onSend={() => send(draft)}
          onStop={actions.stop}
          streaming={streaming}
          waiting={loading}
        />
      </div>
    </div>
  );
}
