"use client";

import dynamic from "next/dynamic";
import { useI18n } from "@/lib/i18n";
import { formatMoney, formatMonth } from "@/lib/format";
import { ChartFrame, ChartTable, ChartEmpty, td } from "./chart-frame";
import { ChartSkeleton } from "./chart-skeleton";
import { SeriesLegend } from "./series-legend";
import type { SpendingData } from "./report-types";
import { SERIES } from "./use-chart-colors";

const SpendingGraph = dynamic(() => import("./spending-graph"), { ssr: false, loading: () => <ChartSkeleton height={300} /> });

/** How many categories get their own colour; the rest stack up as "Other". */
export const SPENDING_STACKS = 7;

/**
 * Spending by category over time: a stacked bar per month. The table lists every category
 * and month, with the API's totals underneath.
 */
export function SpendingChart({
  title,
  data,
  currency,
  className,
}: {
  title: string;
  data: SpendingData;
  currency: string;
  className?: string;
}) {
  const { t, locale } = useI18n();
  const r = t.reportsPage;
  const money = (n: number) => formatMoney(n, currency, locale);
  const shown = data.series.slice(0, SPENDING_STACKS);
  const rest = data.series.slice(SPENDING_STACKS);
  const legend = shown.map((s, i) => ({ label: s.name, color: `var(--${SERIES[i % SERIES.length]})` }));
  if (rest.length) legend.push({ label: r.other, color: "var(--chart-8)" });
  const total = data.totals.reduce((a, b) => a + b, 0);
  const empty = data.series.length === 0;
  const nothing = <ChartEmpty>{r.noData}</ChartEmpty>;
  return (
    <ChartFrame
      title={title}
      className={className}
      testId="report-spending"
      description={
        empty ? undefined : (
          <div className="grid gap-2">
            <span className="text-lg font-semibold text-foreground tabular">{money(total)}</span>
            <SeriesLegend items={legend} />
          </div>
        )
      }
      chart={
        empty ? (
          nothing
        ) : (
          <SpendingGraph data={data} stacks={SPENDING_STACKS} otherLabel={r.other} currency={currency} locale={locale} />
        )
      }
      table={
        empty ? (
          nothing
        ) : (
          <ChartTable
            caption={title}
            columns={[
              r.columns.category,
              ...data.periods.map((p) => (
                <span key={p.start} className="whitespace-nowrap">
                  {formatMonth(p.start, locale)}
                </span>
              )),
              r.columns.total,
            ]}
          >
            <tbody>
              {data.series.map((s) => (
                <tr key={s.key} data-testid={`spending-row-${s.key}`}>
                  <th scope="row" className={`${td} text-left font-normal whitespace-nowrap`}>{s.name}</th>
                  {s.amounts.map((a, i) => (
                    <td key={data.periods[i]!.start} className={`${td} whitespace-nowrap`}>
                      {a === null ? <span className="text-muted-foreground">–</span> : money(a)}
                    </td>
                  ))}
                  <td className={`${td} font-medium whitespace-nowrap`}>{money(s.total)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="font-semibold" data-testid="spending-totals">
                <th scope="row" className={`${td} text-left`}>{r.columns.total}</th>
                {data.totals.map((a, i) => (
                  <td key={data.periods[i]!.start} className={`${td} whitespace-nowrap`}>{money(a)}</td>
                ))}
                <td className={`${td} whitespace-nowrap`}>{money(total)}</td>
              </tr>
            </tfoot>
          </ChartTable>
        )
      }
    />
  );
}
