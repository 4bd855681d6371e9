"use client";

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
 * ("Your earlier choice"), and so does the text a screen reader reads. The confidence
 * follows as a percentage (not for the user's own choice, which is certain).
 */
export function SourceBadge({
  source,
  confidence,
  className,
}: {
  source: string | null | undefined;
  confidence: number | null | undefined;
  className?: string;
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
        "group/badge relative inline-flex shrink-0 items-center gap-1 rounded-full border px-1.5 py-0.5 text-xs font-medium whitespace-nowrap text-muted-foreground",
        className,
      )}
      data-testid="category-source"
      data-source={source}
    >
      <Icon className="size-3" aria-hidden="true" />
      <span aria-hidden="true">{short}</span>
      {percent && (
        <span aria-hidden="true" className="tabular" data-testid="category-confidence">
          {percent}
        </span>
      )}
      <span className="sr-only">{tip}</span>
      <span
        aria-hidden="true"
        className="pointer-events-none absolute top-full left-1/2 z-20 mt-1.5 hidden -translate-x-1/2 rounded-md bg-foreground px-2 py-1 text-xs font-normal whitespace-nowrap text-background shadow-md group-hover/badge:block"
        data-testid="source-tooltip"
      >
        {tip}
      </span>
    </span>
  );
}
