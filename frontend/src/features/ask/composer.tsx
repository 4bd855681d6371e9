"use client";

import { forwardRef, useId, useLayoutEffect, useRef } from "react";
import { ArrowUp, Square } from "lucide-react";
import { Button } from "@/components/ui/button";
import { useI18n } from "@/lib/i18n";
import { cn } from "@/lib/utils";

/** The server's limit, in characters (Unicode code points, as it counts them). */
export const MAX_QUESTION = 2000;
/** The counter shows from here on. */
const NEAR = 1800;

export function questionLength(text: string): number {
  return [...text].length;
}

/**
 * The question box: Enter sends, Shift+Enter starts a new line. The send button waits for
 * text within the limit; while an answer streams it becomes the stop button.
 */
export const Composer = forwardRef<
  HTMLTextAreaElement,
  {
    value: string;
    onChange: (value: string) => void;
    onSend: () => void;
    onStop: () => void;
    streaming: boolean;
    /** A conversation is loading: what is typed waits for it. */
    waiting?: boolean;
  }
>(function Composer({ value, onChange, onSend, onStop, streaming, waiting = false }, ref) {
  const { t } = useI18n();
  const a = t.ask;
  const counterId = useId();
  const inner = useRef<HTMLTextAreaElement | null>(null);
  const length = questionLength(value);
  const left = MAX_QUESTION - length;
  const canSend = value.trim().length > 0 && left >= 0 && !streaming && !waiting;

  // Grows with its text, up to about six lines.
  useLayoutEffect(() => {
    const el = inner.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 160)}px`;
  }, [value]);

  return (
    <form
      className="grid gap-1.5"
      onSubmit={(e) => {
        e.preventDefault();
        if (canSend) onSend();
      }}
    >
      <div className="flex items-end gap-2 rounded-xl border bg-background p-1.5 focus-within:outline-2 focus-within:outline-ring">
        <label className="sr-only" htmlFor="ask-input">
          {a.inputLabel}
        </label>
        <textarea
          id="ask-input"
          ref={(el) => {
            inner.current = el;
            if (typeof ref === "function") ref(el);
            else if (ref) ref.current = el;
          }}
          rows={1}
          value={value}
          placeholder={a.placeholder}
          aria-describedby={length >= NEAR ? counterId : undefined}
          aria-invalid={left < 0 || undefined}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              if (canSend) onSend();
            }
          }}
          className="max-h-40 min-h-9 flex-1 resize-none bg-transparent px-2 py-1.5 text-sm outline-none placeholder:text-muted-foreground"
          data-testid="ask-input"
        />
        {streaming ? (
          <Button type="button" size="icon" variant="secondary" onClick={onStop} aria-label={a.stop} title={a.stop} data-testid="ask-stop">
            <Square className="fill-current" aria-hidden="true" />
          </Button>
        ) : (
          <Button type="submit" size="icon" disabled={!canSend} aria-label={a.send} title={a.send} data-testid="ask-send">
            <ArrowUp aria-hidden="true" />
          </Button>
        )}
      </div>
      {length >= NEAR && (
        <p
          id={counterId}
          className={cn("px-1 text-xs tabular", left < 0 ? "font-medium text-destructive" : "text-muted-foreground")}
          aria-live="polite"
          data-testid="ask-counter"
        >
          {a.charsLeft(left)}
        </p>
      )}
    </form>
  );
});
