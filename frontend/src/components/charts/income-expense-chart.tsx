"use client";

import dynamic from "next/dynamic";
import { useI18n } from "@/lib/i18n";
import { formatMoney, formatMonth, formatPercent } from "@/lib/format";
import { ChartFrame, ChartTable, ChartEmpty, td } from "./chart-frame";
import { ChartSkeleton } from "./chart-skeleton";
import { Legend } from "./cash-flow-chart";
import type { CashFlowRow } from "./types";

const IncomeExpenseGraph = dynamic(() => import("./income-expense-graph"), {
  ssr: false,
  loading: () => <ChartSkeleton height={280} />,
});

/** Income beside spending for each month, and what share of the income was kept. */
export function IncomeExpenseChart({ rows, currency, className }: { rows: CashFlowRow[]; currency: string; className?: string }) {
  const { t, locale } = useI18n();
  const r = t.reportsPage;
  const money = (n: number) => formatMoney(n, currency, locale);
  const income = rows.reduce((a, x) => a + x.income, 0);
  const spending = rows.reduce((a, x) => a + x.spending, 0);
  const rate = (inc: number, net: number) => (inc > 0 ? formatPercent(net / inc, locale) : "–");
  const empty = rows.every((x) => x.income === 0 && x.spending === 0);
  const nothing = <ChartEmpty>{r.noData}</ChartEmpty>;
  return (
    <ChartFrame
      title={r.reports["income-expense"]}
      className={className}
      testId="report-income-expense"
      description={
        <div className="grid gap-2">
          <span className="flex flex-wrap gap-x-4 text-sm">
            <span>
              {r.columns.income}: <span className="font-semibold text-foreground tabular">{money(income)}</span>
            </span>
            <span>
              {r.columns.spending}: <span className="font-semibold text-foreground tabular">{money(spending)}</span>
            </span>
            <span>
              {r.columns.savingsRate}: <span className="font-semibold text-foreground tabular">{rate(income, income - spending)}</span>
            </span>
          </span>
          <Legend items={[[r.columns.income, "bg-positive"], [r.columns.spending, "bg-negative"]]} />
        </div>
      }
      chart={
        empty ? (
          nothing
        ) : (
          <IncomeExpenseGraph
            rows={rows}
            currency={currency}
            locale={locale}
            labels={{ income: r.columns.income, spending: r.columns.spending }}
          />
        )
      }
      table={
        <ChartTable caption={r.reports["income-expense"]} columns={[r.columns.month, r.columns.income, r.columns.spending, r.columns.difference, r.columns.savingsRate]}>
          <tbody>
            {rows.map((x) => (
              <tr key={x.start}>
                <th scope="row" className={`${td} text-left font-normal whitespace-nowrap`}>{formatMonth(x.start, locale, true)}</th>
                <td className={td}>{money(x.income)}</td>
                <td className={td}>{money(x.spending)}</td>
                <td className={td}>{money(x.net)}</td>
                <td className={td}>{rate(x.income, x.net)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="font-semibold">
              <th scope="row" className={`${td} text-left`}>{r.columns.total}</th>
              <td className={td}>{money(income)}</td>
              <td className={td}>{money(spending)}</td>
              <td className={td}>{money(income - spending)}</td>
              <td className={td}>{rate(income, income - spending)}</td>
            </tr>
          </tfoot>
        </ChartTable>
      }
    />
  );
}
