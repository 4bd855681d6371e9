"use client";

import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import { Bot, CreditCard, History, ListChecks, Sparkles, User } from "lucide-react";
import { useI18n } from "@/lib/i18n";
import { formatPercent } from "@/lib/format";
import { cn } from "@/lib/utils";

const ICONS: Record<string, typeof Bot> = {
  rule: ListChecks,
  history: History,
  knn: Sparkles,
  mcc: CreditCard,
  llm: Bot,
  user: User,
};

/**
 * Where a row's category came from, as a small badge; hovering it says it in words
 * ("Your earlier choice", through the `HoverTip` of the table or panel it is in), and so
 * does the text a screen reader reads. The confidence follows as a percentage (not for the
 * user's own choice, which is certain). Few elements: a long table draws many of these.
 */
export function SourceBadge({
  source,
  confidence,
  className,
  icon = false,
}: {
  source: string | null | undefined;
  confidence: number | null | undefined;
  className?: string;
  icon?: boolean;
}) {
  const { t, locale } = useI18n();
  const tx = t.transactions;
  if (!source) return null;
  const Icon = ICONS[source] ?? Sparkles;
  const long = tx.sourceLong[source] ?? source;
  const short = tx.sourceShort[source] ?? source;
  const showConfidence = confidence != null && source !== "user";
  const percent = showConfidence ? formatPercent(confidence, locale) : null;
  const tip = percent ? `${long} · ${tx.confidence(percent)}` : long;
  return (
    <span
      className={cn(
        "inline-flex shrink-0 cursor-default items-center gap-1 rounded-full border px-1.5 py-0.5 text-xs font-medium whitespace-nowrap text-muted-foreground tabular",
        className,
      )}
      data-testid="category-source"
      data-source={source}
      data-tip={tip}
    >
      {icon && <Icon className="size-3" aria-hidden="true" />}
      <span aria-hidden="true">{percent ? `${short} ${percent}` : short}</span>
      <span className="sr-only">{tip}</span>
    </span>
  );
}

/**
 * One tooltip for every `[data-tip]` element inside `container`, shown while the pointer is
 * on it: one element for the whole table instead of one per row. Screen readers have the
 * same words in the badge itself.
 */
export function HoverTip({ container }: { container: React.RefObject<HTMLElement | null> }) {
  const [tip, setTip] = useState<{ text: string; x: number; y: number } | null>(null);
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const over = (e: PointerEvent) => {
      const target = (e.target as Element | null)?.closest<HTMLElement>("[data-tip]");
      if (!target || !el.contains(target)) return;
      const r = target.getBoundingClientRect();
      showing = true;
      setTip({ text: target.dataset.tip ?? "", x: r.left + r.width / 2, y: r.bottom + 6 });
    };
    const out = (e: PointerEvent) => {
      const from = (e.target as Element | null)?.closest("[data-tip]");
      const to = (e.relatedTarget as Element | null)?.closest?.("[data-tip]");
      if (from && from !== to) hide();
    };
    // Scrolling moves the badge away: the tip goes (asked only while one shows).
    let showing = false;
    const hide = () => {
      if (showing) setTip(null);
      showing = false;
    };
    el.addEventListener("pointerover", over);
    el.addEventListener("pointerout", out);
    window.addEventListener("scroll", hide, { passive: true, capture: true });
    return () => {
      el.removeEventListener("pointerover", over);
      el.removeEventListener("pointerout", out);
      window.removeEventListener("scroll", hide, { capture: true });
    };
  }, [container]);
  if (!tip) return null;
  return createPortal(
    <span
      aria-hidden="true"
      className="pointer-events-none fixed z-[60] -translate-x-1/2 rounded-md bg-foreground px-2 py-1 text-xs whitespace-nowrap text-background shadow-md"
      style={{ left: tip.x, top: tip.y }}
      data-testid="source-tooltip"
    >
      {tip.text}
    </span>,
    document.body,
  );
}
