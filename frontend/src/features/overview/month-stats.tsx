"use client";

import { ArrowDownRight, ArrowUpRight, CalendarClock, Scale } from "lucide-react";
import { Skeleton } from "@/components/ui/skeleton";
import { useI18n } from "@/lib/i18n";
import { formatMoney } from "@/lib/format";
import { cn } from "@/lib/utils";
import type { MonthFigures } from "./data";

/** This month: income, spending, net, and what is left to spend per day. */
export function MonthStats({ figures, currency }: { figures: MonthFigures | null; currency: string }) {
  const { t, locale } = useI18n();
  const o = t.overview;
  const money = (n: number, signed = false) => formatMoney(n, currency, locale, { signed });
  if (!figures) {
    return (
      <div className="grid grid-cols-2 gap-3 sm:gap-4 xl:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-28 rounded-xl" />
        ))}
      </div>
    );
  }
  const perDay = figures.perDay;
  return (
    <section aria-label={o.thisMonth} className="grid grid-cols-2 gap-3 sm:gap-4 xl:grid-cols-4" data-testid="month-stats">
      <Stat label={o.income} value={money(figures.income)} icon={<ArrowUpRight className="text-positive" />} />
      <Stat label={o.spending} value={money(figures.spending)} icon={<ArrowDownRight className="text-negative" />} />
      <Stat
        label={o.net}
        value={money(figures.net, true)}
        tone={figures.net < 0 ? "negative" : "positive"}
        icon={<Scale className="text-muted-foreground" />}
      />
      <Stat
        label={o.leftPerDay}
        value={perDay !== null && perDay > 0 ? money(perDay) : money(0)}
        hint={
          perDay !== null && perDay <= 0
            ? o.overBudget
            : figures.basis === "budget"
              ? o.fromBudgets(figures.daysLeft)
              : figures.basis === "previous"
                ? o.fromPrevious(figures.daysLeft)
                : o.fromNet(figures.daysLeft)
        }
        tone={perDay !== null && perDay <= 0 ? "negative" : undefined}
        icon={<CalendarClock className="text-primary" />}
        testId="left-per-day"
      />
    </section>
  );
}

function Stat({
  label,
  value,
  hint,
  icon,
  tone,
  testId,
}: {
  label: string;
  value: string;
  hint?: string;
  icon: React.ReactNode;
  tone?: "positive" | "negative";
  testId?: string;
}) {
  return (
    <div className="rounded-xl border bg-card p-4 shadow-xs sm:p-5" data-testid={testId}>
      <div className="flex items-center justify-between text-sm text-muted-foreground">
        <span>{label}</span>
        <span aria-hidden="true" className="[&_svg]:size-4">
          {icon}
        </span>
      </div>
      <p
        className={cn(
          "mt-2 text-xl font-semibold tracking-tight tabular sm:text-2xl",
          tone === "negative" && "text-negative",
          tone === "positive" && "text-positive",
        )}
      >
        {value}
      </p>
      {hint && <p className="mt-1 text-xs text-muted-foreground">{hint}</p>}
    </div>
  );
}
