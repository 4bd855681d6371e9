"use client";

import { Check, ChevronRight, Loader2, RotateCcw } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useI18n } from "@/lib/i18n";
import { AnswerFigures } from "./answer-data";
import { showArguments, toolStep } from "./present";
import type { ChatTurn, TurnProblem } from "./store";
import type { ToolUse } from "./types";

/**
 * One question and its answer. While the answer streams, the tool calls and the sentence
 * show as they arrive, hidden from screen readers (the final sentence is what the live
 * region announces, once); then the answer, its figures and "How I got this".
 */
export function TurnView({
  turn,
  onRetry,
  examples,
}: {
  turn: ChatTurn;
  onRetry: (key: string) => void;
  /** Shown under an answer that found nothing to count (a question out of scope). */
  examples?: React.ReactNode;
}) {
  const { t } = useI18n();
  const a = t.ask;
  const answer = turn.answer;
  const outOfScope = answer && turn.tools.length === 0 && !answer.data.table;
  return (
    <li className="grid grid-cols-1 gap-3" data-testid="ask-turn" data-status={turn.status}>
      <div aria-live="off" className="flex justify-end">
        <p className="max-w-[85%] rounded-2xl rounded-br-sm bg-primary px-3.5 py-2 text-sm whitespace-pre-wrap break-words text-primary-foreground">
          <span className="sr-only">{a.you}: </span>
          {turn.question}
        </p>
      </div>

      {turn.status === "streaming" && (
        <div aria-hidden="true" className="grid grid-cols-1 gap-2" data-testid="ask-streaming">
          {turn.tools.length === 0 && !turn.partial && (
            <p className="flex items-center gap-2 text-sm text-muted-foreground">
              <Loader2 className="size-4 animate-spin" />
              {a.working}
            </p>
          )}
          {turn.tools.length > 0 && (
            <ul className="grid gap-1.5" data-testid="ask-steps">
              {turn.tools.map((tool, i) => (
                <li key={i} className="flex items-start gap-2 text-sm">
                  {i === turn.tools.length - 1 && !turn.partial ? (
                    <Loader2 className="mt-0.5 size-4 shrink-0 animate-spin text-muted-foreground" />
                  ) : (
                    <Check className="mt-0.5 size-4 shrink-0 text-positive" />
                  )}
                  <span>
                    <span className="font-medium">{toolStep(tool.name, a)}…</span>{" "}
                    <span className="text-muted-foreground">{tool.summary}</span>
                  </span>
                </li>
              ))}
            </ul>
          )}
          {turn.partial && (
            <p className="text-sm leading-relaxed" data-testid="ask-partial">
              {turn.partial}
              <span className="ml-0.5 inline-block h-4 w-1.5 translate-y-0.5 animate-pulse bg-foreground/60" />
            </p>
          )}
        </div>
      )}

      {answer && (
        <>
          <p className="text-sm leading-relaxed whitespace-pre-wrap" data-testid="ask-answer" lang={answer.language}>
            {answer.answer}
          </p>
          <div aria-live="off" className="grid grid-cols-1 gap-3">
            <AnswerFigures data={answer.data} tools={turn.tools} />
            {turn.tools.length > 0 && <HowIGotThis tools={turn.tools} />}
            {outOfScope && examples}
          </div>
        </>
      )}

      {turn.status === "stopped" && (
        <div className="flex flex-wrap items-center gap-3 text-sm text-muted-foreground" data-testid="ask-stopped">
          <span>{a.stopped}</span>
          <RetryButton onClick={() => onRetry(turn.key)} />
        </div>
      )}

      {turn.status === "failed" && turn.problem && (
        <Alert variant="destructive" role="alert" className="grid gap-2" data-testid="ask-problem">
          <p>{problemText(turn.problem, a)}</p>
          {turn.problem.kind !== "invalid" && (
            <div>
              <RetryButton onClick={() => onRetry(turn.key)} />
            </div>
          )}
        </Alert>
      )}
    </li>
  );
}

function RetryButton({ onClick }: { onClick: () => void }) {
  const { t } = useI18n();
  return (
    <Button variant="outline" size="sm" onClick={onClick} data-testid="ask-retry">
      <RotateCcw aria-hidden="true" />
      {t.ask.retry}
    </Button>
  );
}

function problemText(problem: TurnProblem, a: ReturnType<typeof useI18n>["t"]["ask"]): string {
  switch (problem.kind) {
    case "invalid":
      return problem.message;
    case "rate":
      return a.problems.rate(problem.secs);
    case "expired":
      return a.problems.expired;
    case "offline":
      return a.problems.offline;
    case "failed":
      return a.problems.failed;
  }
}

/** The tool calls behind an answer: what was asked of each, and what it found. */
function HowIGotThis({ tools }: { tools: ToolUse[] }) {
  const { t, locale, timeZone } = useI18n();
  const a = t.ask;
  return (
    <details className="group rounded-md border text-sm" data-testid="ask-how">
      <summary className="flex cursor-pointer list-none items-center gap-1.5 rounded-md px-3 py-2 font-medium text-muted-foreground select-none hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring [&::-webkit-details-marker]:hidden">
        <ChevronRight className="size-4 transition-transform group-open:rotate-90" aria-hidden="true" />
        {a.how}
      </summary>
      <ol className="grid gap-3 border-t px-3 py-3">
        {tools.map((tool, i) => {
          const args = showArguments(tool.arguments, a, locale, timeZone);
          return (
            <li key={i} className="grid gap-1" data-testid="ask-tool">
              <p>
                <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{tool.name}</code>
              </p>
              {args.length > 0 ? (
                <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
                  {args.map((arg) => (
                    <div key={arg.label} className="contents">
                      <dt className="text-muted-foreground">{arg.label}</dt>
                      <dd className="break-words">{arg.value}</dd>
                    </div>
                  ))}
                </dl>
              ) : (
                <p className="text-xs text-muted-foreground">{a.noArguments}</p>
              )}
              <p className="text-xs break-words">{tool.summary}</p>
            </li>
          );
        })}
      </ol>
    </details>
  );
}
