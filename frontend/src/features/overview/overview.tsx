"use client";

import Link from "next/link";
import { AlertTriangle, ArrowRight } from "lucide-react";
import { DocumentTitle } from "@/components/shell/document-title";
import { CashFlowChart } from "@/components/charts/cash-flow-chart";
import { CategoryChart } from "@/components/charts/category-chart";
import { NetWorthChart } from "@/components/charts/net-worth-chart";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useI18n } from "@/lib/i18n";
import { formatMonth } from "@/lib/format";
import { BudgetsCard } from "./budgets-card";
import { FirstRun } from "./first-run";
import { InsightsCard } from "./insights-card";
import { MonthStats } from "./month-stats";
import { RecentTransactions } from "./recent-transactions";
import { UpcomingBills } from "./upcoming-bills";
import {
  useAccounts,
  useCashFlowRows,
  useCategoryRows,
  useMonthFigures,
  useNetWorth,
  usePrimaryCurrency,
  useReviewCount,
  useSummary,
} from "./data";

export function Overview() {
  const { t } = useI18n();
  const accounts = useAccounts();
  // Asked for at once, not after the accounts: one round trip less before the numbers.
  useSummary();
  return (
    <div className="grid grid-cols-1 gap-6">
      <DocumentTitle title={t.overview.title} />
      {accounts.isPending ? (
        <OverviewSkeleton />
      ) : accounts.isError ? (
        <LoadError onRetry={() => void accounts.refetch()} />
      ) : accounts.data.length === 0 ? (
        <FirstRun />
      ) : (
        <Dashboard />
      )}
    </div>
  );
}

function Dashboard() {
  const { t, locale } = useI18n();
  const summary = useSummary();
  const currency = usePrimaryCurrency(summary.data);
  const figures = useMonthFigures(summary.data, currency);
  const categories = useCategoryRows(summary.data, currency);
  const cashFlow = useCashFlowRows(summary.data, currency);
  const netWorth = useNetWorth(currency);
  const review = useReviewCount();

  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{t.overview.title}</h1>
          <p className="text-sm text-muted-foreground">
            {summary.data ? formatMonth(summary.data.spending.start, locale, true) : t.overview.thisMonth}
          </p>
        </div>
        {review.data ? (
          <Link
            href="/transactions?needs_review=true"
            className="inline-flex items-center gap-2 rounded-full border border-warning/60 bg-warning/10 px-3 py-1.5 text-sm font-medium hover:bg-warning/20"
            data-testid="needs-review"
          >
            <AlertTriangle className="size-4 text-warning" aria-hidden="true" />
            {t.overview.needsReview(review.data)}
            <ArrowRight className="size-4" aria-hidden="true" />
          </Link>
        ) : null}
      </div>

      {summary.isError ? (
        <LoadError onRetry={() => void summary.refetch()} />
      ) : (
        <MonthStats figures={figures} currency={currency} />
      )}

      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        {summary.data ? (
          <CategoryChart title={t.overview.byCategory} rows={categories} currency={currency} />
        ) : (
          <CardSkeleton />
        )}
        {summary.data ? <BudgetsCard budgets={summary.data.budgets} /> : <CardSkeleton />}
      </div>

      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        {summary.data ? <CashFlowChart rows={cashFlow} currency={currency} /> : <CardSkeleton />}
        {netWorth.isPending ? <CardSkeleton /> : <NetWorthChart rows={netWorth.rows} currency={currency} />}
      </div>

      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <UpcomingBills />
        <InsightsCard />
      </div>

      <RecentTransactions />
    </>
  );
}

function LoadError({ onRetry }: { onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <Alert variant="destructive" role="alert" className="flex flex-wrap items-center justify-between gap-3">
      <span>{t.common.error}</span>
      <Button variant="outline" size="sm" onClick={onRetry}>
        {t.common.retry}
      </Button>
    </Alert>
  );
}

function CardSkeleton() {
  return <Skeleton className="h-80 rounded-xl" />;
}

function OverviewSkeleton() {
  const { t } = useI18n();
  return (
    <div className="grid grid-cols-1 gap-6" aria-busy="true">
      <span className="sr-only">{t.common.loading}</span>
      <Skeleton className="h-8 w-48" />
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-28 rounded-xl" />
        ))}
      </div>
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <CardSkeleton />
        <CardSkeleton />
      </div>
    </div>
  );
}
