"use client";

import { IntentLink as Link } from "@/components/intent-link";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { Progress } from "@/components/ui/progress";
import { useI18n } from "@/lib/i18n";
import { daysBetweenInclusive, formatMoney, todayIn, toNumber } from "@/lib/format";
import type { SummaryBudget } from "@/api/types";

type Pace = "over" | "on" | "under";

/** How far through its period a budget is, and whether spending runs ahead of that. */
export function pace(spent: number, available: number, start: string, end: string, today: string) {
  const total = Math.max(1, daysBetweenInclusive(start, end));
  const gone = Math.min(total, Math.max(0, daysBetweenInclusive(start, today)));
  const elapsed = gone / total;
  const expected = available * elapsed;
  const state: Pace =
    available <= 0 ? (spent > 0 ? "over" : "on") : spent > expected * 1.05 + 0.005 ? "over" : spent < expected * 0.9 ? "under" : "on";
  return { elapsed, state };
}

/** "no USD→EUR exchange rate on or before …" → "USD → EUR". */
function currencyPair(missing: string | null | undefined): string | null {
  const m = /\b([A-Z]{3})\s*→\s*([A-Z]{3})\b/.exec(missing ?? "");
  return m ? `${m[1]} → ${m[2]}` : null;
}

export function BudgetsCard({ budgets }: { budgets: SummaryBudget[] }) {
  const { t, locale, timeZone } = useI18n();
  const o = t.overview;
  const today = todayIn(timeZone);
  return (
    <Card aria-labelledby="budgets-title" data-testid="budgets">
      <CardHeader>
        <CardTitle id="budgets-title">{o.budgets}</CardTitle>
        <Link href="/budgets" className="text-sm text-primary underline-offset-4 hover:underline">
          {t.common.seeAll}
        </Link>
      </CardHeader>
      <CardContent>
        {budgets.length === 0 ? (
          <p className="py-6 text-sm text-muted-foreground">{o.noBudgets}</p>
        ) : (
          <ul className="grid gap-4">
            {budgets.map(({ budget, progress, missing_rate }) => {
              const money = (n: number) => formatMoney(n, budget.currency, locale);
              if (!progress) {
                return (
                  <li key={budget.id} className="grid gap-1">
                    <span className="font-medium">{budget.name}</span>
                    <span className="text-sm text-muted-foreground" title={missing_rate ?? undefined}>
                      {o.missingRate}
                      {currencyPair(missing_rate) && ` (${currencyPair(missing_rate)})`}
                    </span>
                  </li>
                );
              }
              const spent = toNumber(progress.spent);
              const available = toNumber(progress.available);
              const remaining = toNumber(progress.remaining);
              // Overspending carried in leaves less than nothing: "of -€698.93" would read as a typo.
              const spentWords =
                available < 0 ? o.spentOverCarried(money(spent), money(-available)) : o.spentOf(money(spent), money(available));
              const used = available > 0 ? (spent / available) * 100 : spent > 0 ? 100 : 0;
              const p = pace(spent, available, progress.period_start, progress.period_end, today);
              const tone = remaining < 0 ? "negative" : p.state === "over" ? "warning" : "default";
              return (
                <li key={budget.id} className="grid gap-1.5">
                  <div className="flex items-baseline justify-between gap-2">
                    <span className="min-w-0 truncate font-medium">{budget.name}</span>
                    <span className="text-sm tabular">{spentWords}</span>
                  </div>
                  <Progress
                    value={used}
                    marker={p.elapsed * 100}
                    tone={tone}
                    label={`${budget.name}: ${spentWords}`}
                  />
                  <div className="flex items-center justify-between gap-2 text-xs text-muted-foreground">
                    <span>{remaining >= 0 ? o.left(money(remaining)) : o.over(money(-remaining))}</span>
                    <span className="flex items-center gap-2">
                      <span>{o.paceHint(Math.round(p.elapsed * 100))}</span>
                      <Badge variant={p.state === "over" ? "warning" : p.state === "under" ? "positive" : "secondary"}>
                        {p.state === "over" ? o.paceOver : p.state === "under" ? o.paceUnder : o.paceOn}
                      </Badge>
                    </span>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
