/**
 * The overview's data hooks: each asks the API (through the typed client) and turns the
 * answer into what a card draws. Components never fetch.
 */
import { useCallback, useEffect, useMemo } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import { unwrap } from "@/api/errors";
import { keys } from "@/api/keys";
import { useMe } from "@/api/account";
import type { Account, Insight, StoredSeries, Summary, Transaction } from "@/api/types";
import type { CashFlowRow, CategoryRow, NetWorthRow } from "@/components/charts/types";
import { daysBetweenInclusive, todayIn, toNumber } from "@/lib/format";
import { useI18n } from "@/lib/i18n";

export function useAccounts(options: { poll?: boolean } = {}) {
  return useQuery({
    queryKey: keys.accounts,
    queryFn: async (): Promise<Account[]> => unwrap(await api.GET("/api/v1/accounts")),
    refetchInterval: options.poll ? 2_000 : false,
  });
}

export function useSummary() {
  return useQuery({
    queryKey: keys.summary(),
    queryFn: async (): Promise<Summary> =>
      unwrap(await api.GET("/api/v1/analytics/summary", { params: { query: { level: "top" } } })),
  });
}

/**
 * The currency the overview speaks: the user's base currency when the month has money in
 * it, else the currency with the most movement.
 */
export function usePrimaryCurrency(summary: Summary | undefined): string {
  const me = useMe();
  return useMemo(() => {
    const base = me.data?.base_currency ?? "EUR";
    const month = summary?.cash_flow.at(-1)?.currencies ?? [];
    if (month.length === 0 || month.some((c) => c.currency === base)) return base;
    const busiest = [...month].sort(
      (a, b) => toNumber(b.income) + toNumber(b.spending) - (toNumber(a.income) + toNumber(a.spending)),
    )[0];
    return busiest?.currency ?? base;
  }, [me.data?.base_currency, summary]);
}

export interface MonthFigures {
  income: number;
  spending: number;
  net: number;
  /** Per day until the month's (or the overall budget's period's) end; null when unknown. */
  perDay: number | null;
  daysLeft: number;
  /** budget: an overall budget's remainder; net: income less spending; previous: last
   * month's income (this month's has not come yet) less spending. */
  basis: "budget" | "net" | "previous";
}

/** This month's income, spending and net, and what is left to spend per day. */
export function useMonthFigures(summary: Summary | undefined, currency: string): MonthFigures | null {
  const { timeZone } = useI18n();
  return useMemo(() => {
    if (!summary) return null;
    const flow = summary.cash_flow.at(-1)?.currencies.find((c) => c.currency === currency);
    const income = toNumber(flow?.income);
    const spending = toNumber(flow?.spending);
    const net = toNumber(flow?.net);
    const today = todayIn(summary.time_zone || timeZone);
    // A budget for all spending says best what is left; else the month's income less spending.
    const overall = summary.budgets.find(
      (b) => b.budget.category_id == null && b.budget.currency === currency && b.progress && b.budget.period === "monthly",
    );
    if (overall?.progress) {
      const daysLeft = Math.max(1, daysBetweenInclusive(today, overall.progress.period_end));
      return { income, spending, net, perDay: toNumber(overall.progress.remaining) / daysLeft, daysLeft, basis: "budget" };
    }
    const daysLeft = Math.max(1, daysBetweenInclusive(today, summary.spending.end));
    // Early in the month the salary may not be in yet: then last month's income stands in.
    const previous = toNumber(
      summary.cash_flow.at(-2)?.currencies.find((c) => c.currency === currency)?.income,
    );
    if (income === 0 && previous > 0) {
      return { income, spending, net, perDay: (previous - spending) / daysLeft, daysLeft, basis: "previous" };
    }
    return { income, spending, net, perDay: net / daysLeft, daysLeft, basis: "net" };
  }, [summary, currency, timeZone]);
}

/** The month's spending by top-level category, in `currency`, largest first. */
export function useCategoryRows(summary: Summary | undefined, currency: string): CategoryRow[] {
  const { t } = useI18n();
  return useMemo(
    () =>
      (summary?.spending.categories ?? [])
        .filter((c) => c.currency === currency && toNumber(c.amount) !== 0)
        .map((c) => ({
          id: c.category_id ?? null,
          name: c.category_id ? c.name : t.overview.uncategorized,
          amount: toNumber(c.amount),
          href: c.category_id
            ? `/transactions?category_id=${encodeURIComponent(c.category_id)}`
            : "/transactions?uncategorized=true",
        }))
        .sort((a, b) => b.amount - a.amount),
    [summary, currency, t],
  );
}

/** Twelve months of cash flow in `currency` (the summary carries them). */
export function useCashFlowRows(summary: Summary | undefined, currency: string): CashFlowRow[] {
  return useMemo(
    () =>
      (summary?.cash_flow ?? []).map((p) => {
        const c = p.currencies.find((x) => x.currency === currency);
        return { start: p.start, income: toNumber(c?.income), spending: toNumber(c?.spending), net: toNumber(c?.net) };
      }),
    [summary, currency],
  );
}

/** Rows in the overview's "recent transactions". */
const RECENT_ROWS = 10;

/**
 * The cards' queries, apart from their hooks: the overview asks for them all as it opens,
 * beside the accounts, instead of once the cards are drawn (a round trip later).
 */
const cardQueries = {
  netWorth: {
    queryKey: keys.netWorth(12),
    queryFn: async () => unwrap(await api.GET("/api/v1/analytics/net-worth", { params: { query: { interval: "month" } } })),
  },
  recurring: {
    queryKey: keys.recurring,
    queryFn: async (): Promise<StoredSeries[]> => unwrap(await api.GET("/api/v1/analytics/recurring")),
  },
  insights: {
    queryKey: keys.insights,
    queryFn: async (): Promise<Insight[]> =>
      unwrap(await api.GET("/api/v1/insights", { params: { query: { limit: 20 } } })).insights,
  },
  recentTransactions: {
    queryKey: keys.recentTransactions(RECENT_ROWS),
    queryFn: async (): Promise<Transaction[]> =>
      unwrap(await api.GET("/api/v1/transactions", { params: { query: { limit: RECENT_ROWS } } })).transactions,
  },
  categories: {
    queryKey: keys.categories,
    queryFn: async () => unwrap(await api.GET("/api/v1/categories")),
    staleTime: 5 * 60_000,
  },
  reviewCount: {
    queryKey: keys.reviewCount,
    queryFn: async () => {
      const queue = unwrap(await api.GET("/api/v1/transactions/review", { params: { query: { limit: 200 } } }));
      return queue.groups.reduce((n, g) => n + g.rows, 0);
    },
  },
};

/** Starts every card's query (see `cardQueries`); answers nothing. */
export function usePrefetchOverviewCards() {
  const qc = useQueryClient();
  useEffect(() => {
    void qc.prefetchQuery(cardQueries.netWorth);
    void qc.prefetchQuery(cardQueries.recurring);
    void qc.prefetchQuery(cardQueries.insights);
    void qc.prefetchQuery(cardQueries.recentTransactions);
    void qc.prefetchQuery(cardQueries.categories);
    void qc.prefetchQuery(cardQueries.reviewCount);
  }, [qc]);
}

export function useNetWorth(currency: string) {
  const query = useQuery(cardQueries.netWorth);
  const rows: NetWorthRow[] = useMemo(
    () =>
      (query.data?.points ?? []).flatMap((p) => {
        const c = p.currencies.find((x) => x.currency === currency);
        return c
          ? [{ date: p.date, assets: toNumber(c.assets), liabilities: toNumber(c.liabilities), netWorth: toNumber(c.net_worth) }]
          : [];
      }),
    [query.data, currency],
  );
  return { ...query, rows };
}

/** Recurring payments out expected in the next `days` days, soonest first. */
export function useUpcomingBills(days = 30) {
  const { timeZone } = useI18n();
  const query = useQuery(cardQueries.recurring);
  const bills = useMemo(() => {
    const today = todayIn(timeZone);
    return (query.data ?? [])
      .filter((s) => s.next_date && toNumber(s.amount) < 0)
      .filter((s) => {
        const d = daysBetweenInclusive(today, s.next_date!);
        return d >= 1 && d <= days + 1;
      })
      .sort((a, b) => a.next_date!.localeCompare(b.next_date!));
  }, [query.data, timeZone, days]);
  return { ...query, bills };
}

export function useInsights() {
  return useQuery(cardQueries.insights);
}

/** Dismisses at once on screen; puts it back if the server says no. */
export function useDismissInsight() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.PATCH("/api/v1/insights/{id}", { params: { path: { id } }, body: { status: "dismissed" } })),
    onMutate: async (id) => {
      await qc.cancelQueries({ queryKey: keys.insights });
      const before = qc.getQueryData<Insight[]>(keys.insights);
      qc.setQueryData<Insight[]>(keys.insights, (old) => old?.filter((i) => i.id !== id));
      return { before };
    },
    onError: (_e, _id, context) => {
      if (context?.before) qc.setQueryData(keys.insights, context.before);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: keys.insights }),
  });
}

export function useRecentTransactions() {
  return useQuery(cardQueries.recentTransactions);
}

/** Category names by id (for rows that carry only the id). */
export function useCategoryNames() {
  const query = useQuery(cardQueries.categories);
  const names = useMemo(() => new Map((query.data ?? []).map((c) => [c.id, c.name])), [query.data]);
  return { ...query, names };
}

/** How many rows wait for review (the review queue's groups, added up). */
export function useReviewCount() {
  return useQuery(cardQueries.reviewCount);
}

/** Connects the demo bank: start the connection, then complete it (the demo needs no consent). */
export function useConnectDemoBank() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const providers = unwrap(await api.GET("/api/v1/providers"));
      const demo = providers.find((p) => p.id === "demo");
      if (!demo) throw new NoDemoBank();
      const started = unwrap(await api.POST("/api/v1/connections", { body: { provider: demo.id } }));
      if (started.next_step.kind === "ready") {
        unwrap(
          await api.POST("/api/v1/connections/{id}/complete", {
            params: { path: { id: started.connection.id } },
            body: {},
          }),
        );
      }
      return started.connection;
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.accounts });
    },
  });
}

export class NoDemoBank extends Error {
  constructor() {
    super("no demo provider");
  }
}

/** Everything on the overview, after the first accounts arrive. */
export function useRefreshOverview() {
  const qc = useQueryClient();
  return useCallback(
    () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: keys.analytics }),
        qc.invalidateQueries({ queryKey: keys.transactions }),
        qc.invalidateQueries({ queryKey: keys.insights }),
      ]),
    [qc],
  );
}
