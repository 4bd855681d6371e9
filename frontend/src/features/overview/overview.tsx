"use client";

import { IntentLink as Link } from "@/components/intent-link";
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
  usePrefetchOverviewCards,
  usePrimaryCurrency,
  useReviewCount,
  useSummary,
} from "./data";

export function Overview() {
  const { t } = useI18n();
  const accounts = useAccounts();
  // Asked for at once, not after the accounts: one round trip less before the numbers.
  useSummary();
  usePrefetchOverviewCards();
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

/**
 * The layout only: each card subscribes to its own data, so an answer arriving re-renders
 * that card, not the page (and not the charts beside it).
 */
function Dashboard() {
  return (
    <>
      <Header />
      <Stats />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Categories />
        <Budgets />
      </div>
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <CashFlow />
        <NetWorth />
      </div>
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <UpcomingBills />
        <InsightsCard />
      </div>
      <RecentTransactions />
    </>
  );
}

function Header() {
  const { t, locale } = useI18n();
  const summary = useSummary();
  const review = useReviewCount();
  return (
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
  );
}

function Stats() {
  const summary = useSummary();
  const currency = usePrimaryCurrency(summary.data);
  const figures = useMonthFigures(summary.data, currency);
  if (summary.isError) return <LoadError onRetry={() => void summary.refetch()} />;
  return <MonthStats figures={figures} currency={currency} />;
}

function Categories() {
  const { t } = useI18n();
  const summary = useSummary();
  const currency = usePrimaryCurrency(summary.data);
  const rows = useCategoryRows(summary.data, currency);
  if (!summary.data) return <CardSkeleton />;
  return <CategoryChart title={t.overview.byCategory} rows={rows} currency={currency} />;
}

function Budgets() {
  const summary = useSummary();
  if (!summary.data) return <CardSkeleton />;
  return <BudgetsCard budgets={summary.data.budgets} />;
}

function CashFlow() {
  const summary = useSummary();
  const currency = usePrimaryCurrency(summary.data);
  const rows = useCashFlowRows(summary.data, currency);
  if (!summary.data) return <CardSkeleton />;
  return <CashFlowChart rows={rows} currency={currency} />;
}

function NetWorth() {
  const summary = useSummary();
  const currency = usePrimaryCurrency(summary.data);
  const netWorth = useNetWorth(currency);
  if (netWorth.isPending) return <CardSkeleton />;
  return <NetWorthChart rows={netWorth.rows} currency={currency} />;
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
      <div className="grid grid-cols-2 gap-3 sm:gap-4 xl:grid-cols-4">
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
