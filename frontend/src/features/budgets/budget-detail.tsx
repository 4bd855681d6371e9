"use client";

import { useState } from "react";
import Link from "next/link";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { ArrowLeft, ChevronLeft, ChevronRight, Pencil, Trash2 } from "lucide-react";
import { ApiError } from "@/api/errors";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useI18n } from "@/lib/i18n";
import { formatDate, formatMoney, todayIn } from "@/lib/format";
import { DeleteBudget } from "./budget-list";
import { BudgetProgressView, ThresholdList } from "./budget-progress-view";
import { MissingRate, SectionError } from "./states";
import { useSummary } from "@/features/overview/data";
import { addDays, missingRate, periodAround, periodTense, useBudgetProgress, useBudgets } from "./data";

const BudgetFormDialog = dynamic(() => import("./budget-form").then((m) => m.BudgetFormDialog), { ssr: false });

function href(id: string, at: string | null) {
  const params = new URLSearchParams({ budget: id });
  if (at) params.set("at", at);
  return `/budgets?${params.toString()}`;
}

/** One budget, one period at a time: `at` (a day in the period) is in the URL. */
export function BudgetDetail({ id, at }: { id: string; at: string | null }) {
  const { t, locale, timeZone } = useI18n();
  const b = t.budgetsPage;
  const router = useRouter();
  const budgets = useBudgets();
  // This period comes with the summary (shared with the list); others are asked for by day.
  const summary = useSummary();
  const current = at === null ? summary.data?.budgets.find((x) => x.budget.id === id) : undefined;
  const asked = useBudgetProgress(id, at, at !== null || (summary.isFetched && !current));
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const budget = budgets.data?.find((x) => x.id === id) ?? current?.budget ?? asked.data?.budget ?? null;
  const p = current ? current.progress : asked.data?.progress;
  const today = todayIn(timeZone);
  const bounds = p
    ? { period_start: p.period_start, period_end: p.period_end }
    : budget
      ? (({ start, end }) => ({ period_start: start, period_end: end }))(periodAround(budget.period, at ?? today))
      : null;
  const tense = bounds ? periodTense(bounds, today) : null;
  const rate = current ? (current.missing_rate ?? null) : missingRate(asked.error);
  const pending = current ? false : at === null && !summary.isFetched ? true : asked.isPending;
  const notFound =
    (asked.error instanceof ApiError && asked.error.status === 404) ||
    (budgets.isSuccess && !budget && !pending);
  const money = (n: string) => formatMoney(n, budget?.currency ?? "EUR", locale);
  const go = (day: string | null) => router.push(href(id, day), { scroll: false });
  const range = bounds
    ? b.periodRange(formatDate(bounds.period_start, locale, timeZone), formatDate(bounds.period_end, locale, timeZone))
    : "";

  return (
    <div className="grid gap-6" data-testid="budget-detail">
      <Link
        href="/budgets"
        className="inline-flex w-fit items-center gap-1.5 text-sm text-primary underline-offset-4 hover:underline"
      >
        <ArrowLeft className="size-4" aria-hidden="true" />
        {b.back}
      </Link>
      {notFound ? (
        <p className="rounded-xl border border-dashed p-6 text-muted-foreground">{b.notFound}</p>
      ) : (
        <Card aria-labelledby="budget-detail-title">
          <CardHeader>
            <div className="grid min-w-0 gap-1">
              <CardTitle id="budget-detail-title" className="text-xl">
                {budget ? budget.name : <Skeleton className="h-6 w-40" />}
              </CardTitle>
              {budget && (
                <CardDescription>
                  {budget.category_name ?? b.allSpending} · {b.period[budget.period] ?? budget.period} ·{" "}
                  {b.rolloverShort[budget.rollover] ?? budget.rollover}
                </CardDescription>
              )}
            </div>
            {budget && (
              <div className="-mt-1 -mr-2 flex shrink-0 gap-1">
                <Button variant="ghost" size="sm" onClick={() => setEditing(true)} aria-label={b.editItem(budget.name)}>
                  <Pencil aria-hidden="true" />
                  <span className="hidden sm:inline">{b.edit}</span>
                </Button>
                <Button variant="ghost" size="sm" onClick={() => setDeleting(true)} aria-label={b.deleteItem(budget.name)}>
                  <Trash2 aria-hidden="true" />
                  <span className="hidden sm:inline">{b.delete}</span>
                </Button>
              </div>
            )}
          </CardHeader>
          <CardContent className="grid gap-6">
            <nav
              aria-label={b.history}
              className="grid grid-cols-[auto_minmax(0,1fr)_auto] items-center gap-2 rounded-lg border bg-muted/40 p-2"
            >
              <Button
                variant="outline"
                size="sm"
                disabled={!bounds}
                onClick={() => bounds && go(addDays(bounds.period_start, -1))}
                aria-label={b.previousPeriod}
              >
                <ChevronLeft aria-hidden="true" />
                <span className="hidden sm:inline">{b.previousPeriod}</span>
              </Button>
              <div className="grid min-w-0 justify-items-center text-center" aria-live="polite">
                <span className="text-sm font-medium tabular sm:text-base" data-testid="period-range">
                  {range || "\u00a0"}
                </span>
                {tense && (
                  <Badge variant={tense === "current" ? "default" : "secondary"} className="mt-1">
                    {b.tense[tense]}
                  </Badge>
                )}
              </div>
              <Button
                variant="outline"
                size="sm"
                disabled={!bounds || tense !== "past"}
                onClick={() => bounds && go(addDays(bounds.period_end, 1))}
                aria-label={b.nextPeriod}
              >
                <span className="hidden sm:inline">{b.nextPeriod}</span>
                <ChevronRight aria-hidden="true" />
              </Button>
            </nav>
            {tense && tense !== "current" && (
              <Button variant="link" className="-mt-4 h-auto justify-self-center p-0" onClick={() => go(null)}>
                {b.currentPeriod}
              </Button>
            )}
            {pending ? (
              <div className="grid gap-3" aria-busy="true">
                <span className="sr-only">{t.common.loading}</span>
                <Skeleton className="h-8 w-56" />
                <Skeleton className="h-3 w-full" />
                <Skeleton className="h-24 w-full" />
              </div>
            ) : rate ? (
              <MissingRate detail={rate} />
            ) : asked.isError ? (
              <SectionError error={asked.error} onRetry={() => void asked.refetch()} />
            ) : (
              p &&
              budget && (
                <div className={!current && asked.isPlaceholderData ? "grid gap-6 opacity-60" : "grid gap-6"}>
                  <BudgetProgressView name={budget.name} currency={budget.currency} progress={p} large />
                  <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
                    {(
                      [
                        ["budgeted", p.budgeted],
                        ["carriedIn", p.rolled_over],
                        ["available", p.available],
                        ["spent", p.spent],
                        ["remaining", p.remaining],
                      ] as const
                    ).map(([key, value]) => (
                      <div key={key} className="rounded-lg border p-3">
                        <dt className="text-xs text-muted-foreground">{b.stats[key]}</dt>
                        <dd className="mt-1 font-semibold tabular">{money(value)}</dd>
                      </div>
                    ))}
                    <div className="rounded-lg border p-3">
                      <dt className="text-xs text-muted-foreground">{b.stats.used}</dt>
                      <dd className="mt-1 font-semibold tabular">
                        {p.utilization_percent != null ? `${Number(p.utilization_percent).toLocaleString(locale)}%` : "–"}
                      </dd>
                    </div>
                  </dl>
                  <div className="grid gap-2">
                    <h3 className="text-sm font-semibold">{b.alerts}</h3>
                    <ThresholdList currency={budget.currency} progress={p} />
                  </div>
                </div>
              )
            )}
          </CardContent>
        </Card>
      )}
      {editing && <BudgetFormDialog open={editing} onOpenChange={setEditing} budget={budget} />}
      {deleting && (
        <DeleteBudget budget={budget} onClose={() => setDeleting(false)} onDeleted={() => router.push("/budgets")} />
      )}
    </div>
  );
}
