"use client";

import { AlertTriangle, Check } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Progress } from "@/components/ui/progress";
import { useI18n } from "@/lib/i18n";
import { formatMoney, toNumber, todayIn } from "@/lib/format";
import { paceOf, periodTense, type BudgetProgress, type PaceState } from "./data";

const paceVariant: Record<PaceState, "warning" | "secondary" | "positive"> = {
  ahead: "warning",
  on: "secondary",
  behind: "positive",
};

/** Spent of available, the bar with the even line's mark, and the pace in words. */
export function BudgetProgressView({
  name,
  currency,
  progress,
  large = false,
}: {
  name: string;
  currency: string;
  progress: BudgetProgress;
  large?: boolean;
}) {
  const { t, locale, timeZone } = useI18n();
  const b = t.budgetsPage;
  const money = (n: number | string) => formatMoney(n, currency, locale);
  const today = todayIn(timeZone);
  const spent = toNumber(progress.spent);
  const available = toNumber(progress.available);
  const remaining = toNumber(progress.remaining);
  // Overspending carried in leaves less than nothing: "of -€698.93" would read as a typo.
  const spentWords =
    available < 0 ? b.spentOverCarried(money(spent), money(-available)) : b.spentOf(money(spent), money(available));
  const rolled = toNumber(progress.rolled_over);
  const used = available > 0 ? (spent / available) * 100 : spent > 0 ? 100 : 0;
  const pace = paceOf(progress, today);
  const tense = periodTense(progress, today);
  const tone = remaining < 0 ? "negative" : pace.state === "ahead" && tense === "current" ? "warning" : "default";
  const crossed = progress.thresholds.filter((x) => x.crossed);
  const paceWords =
    tense === "past"
      ? remaining < 0
        ? b.paceEnded.ahead(money(-remaining))
        : remaining > 0
          ? b.paceEnded.behind(money(remaining))
          : b.paceEnded.on
      : pace.state === "ahead"
        ? b.paceText.ahead(money(pace.difference))
        : pace.state === "behind"
          ? b.paceText.behind(money(-pace.difference))
          : b.paceText.on;

  return (
    <div className="grid gap-2">
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <span className={large ? "text-2xl font-semibold tabular" : "text-lg font-semibold tabular"}>
          {spentWords}
        </span>
        <span className={remaining < 0 ? "text-sm font-medium text-negative" : "text-sm text-muted-foreground"}>
          {remaining >= 0 ? b.left(money(remaining)) : b.over(money(-remaining))}
        </span>
      </div>
      <Progress
        value={used}
        marker={tense === "current" ? pace.elapsed * 100 : undefined}
        tone={tone}
        label={`${name}: ${spentWords}`}
        className={large ? "h-3" : undefined}
      />
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-muted-foreground">
        <span>
          {progress.utilization_percent != null
            ? b.usedPercent(Number(progress.utilization_percent).toLocaleString(locale))
            : null}
        </span>
        {tense === "current" && <span>{b.periodGone(Math.round(pace.elapsed * 100))}</span>}
      </div>
      <div className="flex flex-wrap items-start gap-2 text-sm">
        {tense === "current" && (
          <Badge variant={paceVariant[pace.state]} data-testid="pace">
            {b.pace[pace.state]}
          </Badge>
        )}
        <span className="min-w-0 flex-1 text-muted-foreground">{paceWords}</span>
      </div>
      {rolled !== 0 && (
        <p className="text-sm text-muted-foreground" data-testid="rolled-over">
          {rolled > 0 ? b.carriedIn(money(rolled)) : b.deficitIn(money(-rolled))}
        </p>
      )}
      {crossed.length > 0 && (
        <p className="flex items-center gap-1.5 text-sm" data-testid="thresholds-crossed">
          <AlertTriangle className="size-4 shrink-0 text-warning" aria-hidden="true" />
          {b.alertsCrossed(crossed.map((x) => `${x.percent}%`).join(", "))}
        </p>
      )}
    </div>
  );
}

/** The alerts of a period: at which spending each fires, and whether it did. */
export function ThresholdList({ currency, progress }: { currency: string; progress: BudgetProgress }) {
  const { t, locale } = useI18n();
  const b = t.budgetsPage;
  return (
    <ul className="flex flex-wrap gap-2" aria-label={b.alerts}>
      {progress.thresholds.map((x) => (
        <li key={x.percent}>
          <Badge variant={x.crossed ? "warning" : "outline"} className="gap-1.5 py-1 text-sm">
            {x.crossed && <Check className="size-3.5" aria-hidden="true" />}
            {b.alertAt(x.percent, formatMoney(x.amount, currency, locale))}
            <span className="font-normal text-muted-foreground">· {x.crossed ? b.crossed : b.notCrossed}</span>
          </Badge>
        </li>
      ))}
    </ul>
  );
}
