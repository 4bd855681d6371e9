/**
 * The reports' data hooks: each asks one analytics endpoint (through the typed client) and
 * turns its answer, for one currency, into what a chart draws. The API answers per
 * currency; nothing here ever adds amounts of two currencies.
 */
import { useMemo } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import { unwrap } from "@/api/errors";
import { keys } from "@/api/keys";
import type { paths } from "@/api/schema";
import type { Schemas, StoredAnomaly, StoredSeries } from "@/api/types";
import type { CashFlowRow, NetWorthRow } from "@/components/charts/types";
import type { ForecastData, ForecastPoint, MerchantRow, SpendingData } from "@/components/charts/report-types";
import { toNumber } from "@/lib/format";
import type { DateRange } from "./range";

type Query<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never;
export type SpendingQuery = Query<"/api/v1/analytics/spending">;
export type Level = NonNullable<SpendingQuery["level"]>;
export type Flow = NonNullable<SpendingQuery["flow"]>;
export type AnomalyKind = NonNullable<Query<"/api/v1/analytics/anomalies">["kind"]>;
type SpendingReport = Schemas["SpendingReport"];
type CashFlowReport = Schemas["CashFlowReport"];
type NetWorthReport = Schemas["NetWorthReport"];
type MerchantsReport = Schemas["MerchantsReport"];
type Forecast = Schemas["Forecast"];

/** Previous numbers stay on screen while a new range loads (no flash of skeletons). */
const keepShown = { placeholderData: keepPreviousData } as const;

/** The currencies an answer has money in, the user's base currency first. */
export function currenciesOf(list: string[], base: string): string[] {
  const set = [...new Set(list)].sort();
  return set.includes(base) ? [base, ...set.filter((c) => c !== base)] : set;
}

// ---- spending by category over time ----

export function useSpendingReport(range: DateRange, level: Level, flow: Flow = "spending") {
  const query: SpendingQuery = { from: range.from, to: range.to, interval: "month", level, flow };
  return useQuery({
    queryKey: keys.spendingReport(query),
    queryFn: async (): Promise<SpendingReport> =>
      unwrap(await api.GET("/api/v1/analytics/spending", { params: { query } })),
    ...keepShown,
  });
}

export function spendingCurrencies(report: SpendingReport | undefined): string[] {
  return (report?.periods ?? []).flatMap((p) => p.totals.map((t) => t.currency));
}

/** Categories by period in `currency`: one series per category, largest total first. */
export function useSpendingData(report: SpendingReport | undefined, currency: string, uncategorized: string): SpendingData {
  return useMemo(() => {
    const periods = (report?.periods ?? []).map((p) => ({ start: p.start, end: p.end }));
    const byKey = new Map<string, SpendingData["series"][number]>();
    (report?.periods ?? []).forEach((p, i) => {
      for (const line of p.categories) {
        if (line.currency !== currency) continue;
        const key = line.category_id ?? "none";
        let s = byKey.get(key);
        if (!s) {
          s = { key, name: line.category_id ? line.name : uncategorized, amounts: periods.map(() => null), total: 0 };
          byKey.set(key, s);
        }
        const amount = toNumber(line.amount);
        s.amounts[i] = amount;
        s.total += amount;
      }
    });
    const totals = (report?.periods ?? []).map((p) => toNumber(p.totals.find((t) => t.currency === currency)?.amount));
    const series = [...byKey.values()].sort((a, b) => b.total - a.total);
    return { periods, series, totals };
  }, [report, currency, uncategorized]);
}

// ---- income vs expense, cash flow ----

export function useCashFlowReport(range: DateRange) {
  const query = { from: range.from, to: range.to, interval: "month" as const };
  return useQuery({
    queryKey: keys.cashFlowReport(query),
    queryFn: async (): Promise<CashFlowReport> =>
      unwrap(await api.GET("/api/v1/analytics/cash-flow", { params: { query } })),
    ...keepShown,
  });
}

export function cashFlowCurrencies(report: CashFlowReport | undefined): string[] {
  return (report?.periods ?? []).flatMap((p) => p.currencies.map((c) => c.currency));
}

export function useCashFlowData(report: CashFlowReport | undefined, currency: string): CashFlowRow[] {
  return useMemo(
    () =>
      (report?.periods ?? []).map((p) => {
        const c = p.currencies.find((x) => x.currency === currency);
        return { start: p.start, income: toNumber(c?.income), spending: toNumber(c?.spending), net: toNumber(c?.net) };
      }),
    [report, currency],
  );
}

// ---- net worth ----

export function useNetWorthReport(range: DateRange, accountIds: string[]) {
  const query = {
    from: range.from,
    to: range.to,
    interval: "month" as const,
    ...(accountIds.length ? { account_id: accountIds } : {}),
  };
  return useQuery({
    queryKey: keys.netWorthReport(query),
    queryFn: async (): Promise<NetWorthReport> =>
      unwrap(
        await api.GET("/api/v1/analytics/net-worth", {
          params: { query },
          // The API takes the accounts as a comma list (or repeated); one parameter is shorter.
          querySerializer: { array: { style: "form", explode: false } },
        }),
      ),
    ...keepShown,
  });
}

export function netWorthCurrencies(report: NetWorthReport | undefined): string[] {
  return (report?.points ?? []).flatMap((p) => p.currencies.map((c) => c.currency));
}

/** The points that have a balance in `currency` (before the first observation there is none). */
export function useNetWorthData(report: NetWorthReport | undefined, currency: string): NetWorthRow[] {
  return useMemo(
    () =>
      (report?.points ?? []).flatMap((p) => {
        const c = p.currencies.find((x) => x.currency === currency);
        return c
          ? [{ date: p.date, assets: toNumber(c.assets), liabilities: toNumber(c.liabilities), netWorth: toNumber(c.net_worth) }]
          : [];
      }),
    [report, currency],
  );
}

// ---- top merchants ----

export const MERCHANT_LIMIT = 15;

export function useMerchantsReport(range: DateRange) {
  const query = { from: range.from.slice(0, 7), to: range.to.slice(0, 7), limit: MERCHANT_LIMIT };
  return useQuery({
    queryKey: keys.merchantsReport(query),
    queryFn: async (): Promise<MerchantsReport> =>
      unwrap(await api.GET("/api/v1/analytics/merchants", { params: { query } })),
    ...keepShown,
  });
}

export function merchantCurrencies(report: MerchantsReport | undefined): string[] {
  return (report?.merchants ?? []).map((m) => m.currency);
}

export function useMerchantRows(report: MerchantsReport | undefined, currency: string): MerchantRow[] {
  return useMemo(
    () =>
      (report?.merchants ?? [])
        .filter((m) => m.currency === currency)
        .map((m) => ({ name: m.name, spent: toNumber(m.spent), transactions: m.transactions, lastDay: m.last_day })),
    [report, currency],
  );
}

// ---- recurring payments ----

export function useRecurringReport(options: { includeIgnored: boolean; includeEnded: boolean }) {
  const query = { include_ignored: options.includeIgnored, include_ended: options.includeEnded };
  return useQuery({
    queryKey: keys.recurringReport(query),
    queryFn: async (): Promise<StoredSeries[]> =>
      unwrap(await api.GET("/api/v1/analytics/recurring", { params: { query } })),
    ...keepShown,
  });
}

export type SeriesState = "confirmed" | "ignored" | "auto";

/** Confirms, ignores or hands back to the detector; the lists and the forecast follow. */
export function useSetSeriesState() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, state }: { id: string; state: SeriesState }) =>
      unwrap(await api.PATCH("/api/v1/analytics/recurring/{id}", { params: { path: { id } }, body: { user_state: state } })),
    onSuccess: (updated) => {
      // At once in every recurring list on screen, then from the server.
      qc.setQueriesData<StoredSeries[]>({ queryKey: keys.recurring }, (old) =>
        old?.map((s) => (s.id === updated.id ? updated : s)),
      );
      void qc.invalidateQueries({ queryKey: keys.recurring });
      void qc.invalidateQueries({ queryKey: keys.forecast });
    },
  });
}

/** What a cadence comes to per month, roughly (a year of payments over twelve). */
export const PER_MONTH: Record<string, number> = {
  weekly: 52 / 12,
  fortnightly: 26 / 12,
  monthly: 1,
  nth_weekday: 1,
  quarterly: 1 / 3,
  yearly: 1 / 12,
};

// ---- anomalies ----

export function useAnomaliesReport(kind: AnomalyKind | null) {
  const query = kind ? { kind } : {};
  return useQuery({
    queryKey: keys.anomaliesReport(query),
    queryFn: async (): Promise<StoredAnomaly[]> =>
      unwrap(await api.GET("/api/v1/analytics/anomalies", { params: { query } })),
    ...keepShown,
  });
}

// ---- forecast ----

export function useForecast() {
  return useQuery({
    queryKey: keys.forecast,
    queryFn: async (): Promise<Forecast> => unwrap(await api.GET("/api/v1/analytics/forecast")),
  });
}

export function forecastCurrencies(report: Forecast | undefined): string[] {
  return (report?.currencies ?? []).map((c) => c.currency);
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * The forecast in `currency`: the API's horizons as they are, and a line for each day ahead
 * built the same way (the starting balance, the recurring payments up to that day, and the
 * daily average of everything else), so it passes through the horizons' balances.
 */
export function useForecastData(report: Forecast | undefined, currency: string): ForecastData | null {
  return useMemo(() => {
    const f = report?.currencies.find((c) => c.currency === currency);
    if (!report || !f) return null;
    const horizons = f.horizons.map((h) => ({
      days: h.days,
      recurringIncome: toNumber(h.recurring_income),
      recurringSpending: toNumber(h.recurring_spending),
      otherIncome: toNumber(h.other_income),
      otherSpending: toNumber(h.other_spending),
      net: toNumber(h.net),
      balance: h.balance == null ? null : toNumber(h.balance),
    }));
    const longest = horizons.reduce<(typeof horizons)[number] | null>((a, h) => (!a || h.days > a.days ? h : a), null);
    const days = longest?.days ?? 90;
    const perDay = longest && days > 0 ? (longest.otherIncome - longest.otherSpending) / days : 0;
    const start = f.starting_balance == null ? 0 : toNumber(f.starting_balance);
    const upcoming = f.upcoming.map((u) => ({ seriesId: u.series_id, date: u.date, merchant: u.merchant, amount: toNumber(u.amount) }));
    const points: ForecastPoint[] = [];
    let recurring = 0;
    let next = 0;
    const sorted = [...upcoming].sort((a, b) => a.date.localeCompare(b.date));
    for (let offset = 0; offset <= days; offset++) {
      const day = addDays(report.today, offset);
      while (next < sorted.length && sorted[next]!.date <= day) recurring += sorted[next++]!.amount;
      const horizon = horizons.find((h) => h.days === offset);
      // At a horizon, the API's own figure (it rounds the daily average per horizon).
      const value = horizon ? (horizon.balance ?? horizon.net) : start + recurring + perDay * offset;
      points.push({ day, offset, value: Math.round(value * 100) / 100 });
    }
    return {
      today: report.today,
      startingBalance: f.starting_balance == null ? null : start,
      horizons,
      points,
      upcoming,
    };
  }, [report, currency]);
}
