"use client";

import dynamic from "next/dynamic";
import { useI18n } from "@/lib/i18n";
import { formatMoney, formatMonth } from "@/lib/format";
import { cn } from "@/lib/utils";
import { ChartFrame, ChartTable, ChartEmpty, td } from "./chart-frame";
import { ChartSkeleton } from "./chart-skeleton";
import { Legend } from "./cash-flow-chart";
import type { CashFlowRow } from "./types";

const NetFlowGraph = dynamic(() => import("./net-flow-graph"), { ssr: false, loading: () => <ChartSkeleton height={280} /> });

/** Each month's net (money in less money out) and the running total over the range. */
export function NetFlowChart({ rows, currency, className }: { rows: CashFlowRow[]; currency: string; className?: string }) {
  const { t, locale } = useI18n();
  const r = t.reportsPage;
  const money = (n: number, signed = false) => formatMoney(n, currency, locale, { signed });
  const withTotal = cumulate(rows);
  const running = withTotal.at(-1)?.cumulative ?? 0;
  const empty = rows.every((x) => x.income === 0 && x.spending === 0);
  return (
    <ChartFrame
      title={r.reports["cash-flow"]}
      className={className}
      testId="report-cash-flow"
      description={
        <div className="grid gap-2">
          <span className={cn("text-lg font-semibold tabular", running < 0 ? "text-negative" : "text-foreground")}>
            {money(running, true)}
          </span>
          <Legend items={[[r.columns.net, "bg-chart-1"], [r.columns.cumulative, "bg-foreground"]]} />
        </div>
      }
      chart={
        empty ? (
          <ChartEmpty>{r.noData}</ChartEmpty>
        ) : (
          <NetFlowGraph rows={withTotal} currency={currency} locale={locale} labels={{ net: r.columns.net, cumulative: r.columns.cumulative }} />
        )
      }
      table={
        <ChartTable caption={r.reports["cash-flow"]} columns={[r.columns.month, r.columns.income, r.columns.spending, r.columns.net, r.columns.cumulative]}>
          <tbody>
            {withTotal.map((x) => (
              <tr key={x.start}>
                <th scope="row" className={`${td} text-left font-normal whitespace-nowrap`}>{formatMonth(x.start, locale, true)}</th>
                <td className={td}>{money(x.income)}</td>
                <td className={td}>{money(x.spending)}</td>
                <td className={cn(td, x.net < 0 && "text-negative")}>{money(x.net, true)}</td>
                <td className={td}>{money(x.cumulative, true)}</td>
              </tr>
            ))}
          </tbody>
        </ChartTable>
      }
    />
  );
}

/** Each row with the running total of the nets up to it (in cents, so no float drift). */
function cumulate(rows: CashFlowRow[]): (CashFlowRow & { cumulative: number })[] {
  const out: (CashFlowRow & { cumulative: number })[] = [];
  let cents = 0;
  for (const x of rows) {
    cents += Math.round(x.net * 100);
    out.push({ ...x, cumulative: cents / 100 });
  }
  return out;
}
