"use client";

import { useMemo } from "react";
import { Info } from "lucide-react";
import { ForecastChart } from "@/components/charts/forecast-chart";
import { IncomeExpenseChart } from "@/components/charts/income-expense-chart";
import { MerchantsChart } from "@/components/charts/merchants-chart";
import { NetFlowChart } from "@/components/charts/net-flow-chart";
import { NetWorthChart, NetWorthTable } from "@/components/charts/net-worth-chart";
import { SpendingChart } from "@/components/charts/spending-chart";
import { ChartFrame } from "@/components/charts/chart-frame";
import type { NetWorthRow } from "@/components/charts/types";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { useAccounts } from "@/features/overview/data";
import { formatDate, formatMoney } from "@/lib/format";
import { useI18n } from "@/lib/i18n";
import { cn } from "@/lib/utils";
import { AccountFilter, CurrencySwitch, SelectControl } from "./controls";
import {
  cashFlowCurrencies,
  currenciesOf,
  forecastCurrencies,
  merchantCurrencies,
  netWorthCurrencies,
  spendingCurrencies,
  useCashFlowData,
  useCashFlowReport,
  useForecast,
  useForecastData,
  useMerchantRows,
  useMerchantsReport,
  useNetWorthData,
  useNetWorthReport,
  useSpendingData,
  useSpendingReport,
  type Level,
} from "./data";
import { ReportLayout, type ReportProps } from "./shared";

export { RecurringReport } from "./recurring";
export { AnomaliesReport } from "./anomalies";

/** The currencies present, and the one shown: the URL's, else the base currency, else the first. */
function useCurrency(found: string[], props: ReportProps) {
  const list = useMemo(() => currenciesOf(found, props.baseCurrency), [found, props.baseCurrency]);
  const wanted = props.params.currency;
  const currency = wanted && list.includes(wanted) ? wanted : (list[0] ?? props.baseCurrency);
  const control = (
    <CurrencySwitch currencies={list} value={currency} onChange={(c) => props.set({ currency: c })} />
  );
  return { currency, control };
}

export function SpendingReport(props: ReportProps) {
  const { t } = useI18n();
  const r = t.reportsPage;
  const level: Level = props.params.level === "category" ? "category" : "top";
  const query = useSpendingReport(props.range, level);
  const found = useMemo(() => spendingCurrencies(query.data), [query.data]);
  const { currency, control } = useCurrency(found, props);
  const data = useSpendingData(query.data, currency, t.overview.uncategorized);
  const toolbar = (
    <>
      {props.controls}
      <SelectControl
        label={r.grouping}
        value={level}
        onChange={(v) => props.set({ level: v === "category" ? "category" : null })}
        options={[
          { value: "top", label: r.levels.top },
          { value: "category", label: r.levels.category },
        ]}
      />
      {control}
    </>
  );
  return (
    <ReportLayout toolbar={toolbar} query={query}>
      <SpendingChart title={r.reports.spending} data={data} currency={currency} />
    </ReportLayout>
  );
}

/** The month-by-month report of money in and out, drawn by `Chart`. */
function CashFlowView({ props, Chart }: { props: ReportProps; Chart: typeof IncomeExpenseChart }) {
  const query = useCashFlowReport(props.range);
  const found = useMemo(() => cashFlowCurrencies(query.data), [query.data]);
  const { currency, control } = useCurrency(found, props);
  const rows = useCashFlowData(query.data, currency);
  return (
    <ReportLayout toolbar={<>{props.controls}{control}</>} query={query}>
      <Chart rows={rows} currency={currency} />
    </ReportLayout>
  );
}

export function IncomeExpenseReport(props: ReportProps) {
  return <CashFlowView props={props} Chart={IncomeExpenseChart} />;
}

export function CashFlowReport(props: ReportProps) {
  return <CashFlowView props={props} Chart={NetFlowChart} />;
}

export function NetWorthReport(props: ReportProps) {
  const { t, locale } = useI18n();
  const r = t.reportsPage;
  const accounts = useAccounts();
  const known = useMemo(() => new Set((accounts.data ?? []).map((a) => a.id)), [accounts.data]);
  const selected = useMemo(
    () => (props.params.accounts ?? "").split(",").filter((id) => id && (known.size === 0 || known.has(id))),
    [props.params.accounts, known],
  );
  const query = useNetWorthReport(props.range, selected);
  const found = useMemo(() => netWorthCurrencies(query.data), [query.data]);
  const { currency, control } = useCurrency(found, props);
  const rows = useNetWorthData(query.data, currency);
  const toolbar = (
    <>
      {props.controls}
      {accounts.data && accounts.data.length > 1 && (
        <AccountFilter
          accounts={accounts.data}
          selected={selected}
          onChange={(ids) => props.set({ accounts: ids.length ? ids.join(",") : null })}
        />
      )}
      {control}
    </>
  );
  return (
    <ReportLayout toolbar={toolbar} query={query}>
      {rows.length === 1 ? (
        <>
          <NetWorthSnapshot row={rows[0]!} currency={currency} />
          <p className="flex items-start gap-2 text-sm text-muted-foreground" data-testid="net-worth-note">
            <Info className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
            {r.netWorthSince(formatDate(rows[0]!.date, locale, "UTC"))}
          </p>
        </>
      ) : (
        <NetWorthChart rows={rows} currency={currency} />
      )}
    </ReportLayout>
  );
}

export function MerchantsReport(props: ReportProps) {
  const query = useMerchantsReport(props.range);
  const found = useMemo(() => merchantCurrencies(query.data), [query.data]);
  const { currency, control } = useCurrency(found, props);
  const rows = useMerchantRows(query.data, currency);
  return (
    <ReportLayout toolbar={<>{props.controls}{control}</>} query={query}>
      <MerchantsChart rows={rows} currency={currency} />
    </ReportLayout>
  );
}

export function ForecastReport(props: ReportProps) {
  const { t, locale } = useI18n();
  const r = t.reportsPage;
  const query = useForecast();
  const found = useMemo(() => forecastCurrencies(query.data), [query.data]);
  const { currency, control } = useCurrency(found, props);
  const data = useForecastData(query.data, currency);
  const toolbar = (
    <>
      <p className="max-w-prose text-sm text-muted-foreground">{r.forecastHint}</p>
      {control}
    </>
  );
  return (
    <ReportLayout toolbar={toolbar} query={query}>
      {!data ? (
        <p className="rounded-xl border border-dashed p-8 text-center text-sm text-muted-foreground">{r.noData}</p>
      ) : (
        <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)] xl:items-start">
          {/* Keyed by currency: the horizon picked starts over with the currency. */}
          <ForecastChart key={currency} data={data} currency={currency} />
          <Card aria-labelledby="upcoming-payments-title" data-testid="forecast-upcoming">
            <CardHeader>
              <CardTitle id="upcoming-payments-title">{r.upcoming}</CardTitle>
            </CardHeader>
            <CardContent>
              {data.upcoming.length === 0 ? (
                <p className="py-6 text-sm text-muted-foreground">{r.noUpcoming}</p>
              ) : (
                <ul className="max-h-96 divide-y overflow-y-auto" aria-label={r.upcoming} tabIndex={0}>
                  {data.upcoming.map((u) => (
                    <li key={`${u.seriesId}-${u.date}`} className="flex items-center gap-3 py-2 text-sm">
                      <span className="w-14 shrink-0 text-muted-foreground tabular">{formatDate(u.date, locale, "UTC", "short")}</span>
                      <span className="min-w-0 flex-1 break-words">{u.merchant}</span>
                      <span className={cn("font-medium whitespace-nowrap tabular", u.amount > 0 && "text-positive")}>
                        {formatMoney(u.amount, currency, locale, { signed: u.amount > 0 })}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </CardContent>
          </Card>
        </div>
      )}
    </ReportLayout>
  );
}

/** Net worth known on one day only: the figures themselves (a chart of one point says less). */
function NetWorthSnapshot({ row, currency }: { row: NetWorthRow; currency: string }) {
  const { t, locale } = useI18n();
  const o = t.overview;
  const money = (n: number) => formatMoney(n, currency, locale);
  const figures: [string, number, string?][] = [
    [o.columns.assets, row.assets],
    [o.columns.liabilities, row.liabilities],
    [o.columns.netWorth, row.netWorth, row.netWorth < 0 ? "text-negative" : undefined],
  ];
  return (
    <ChartFrame
      title={o.netWorth}
      testId="net-worth"
      description={formatDate(row.date, locale, "UTC")}
      chart={
        <dl className="grid grid-cols-1 gap-3 sm:grid-cols-3">
          {figures.map(([label, value, tone]) => (
            <div key={label} className="rounded-lg border p-4">
              <dt className="text-sm text-muted-foreground">{label}</dt>
              <dd className={cn("mt-1 text-2xl font-semibold tracking-tight tabular", tone)}>{money(value)}</dd>
            </div>
          ))}
        </dl>
      }
      table={<NetWorthTable rows={[row]} currency={currency} />}
    />
  );
}
