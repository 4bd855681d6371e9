"use client";

import { useI18n } from "@/lib/i18n";
import { formatDate, formatMoney } from "@/lib/format";
import { ChartFrame, ChartTable, ChartEmpty, td } from "./chart-frame";
import NetWorthSvg from "./svg/net-worth-svg";
import type { NetWorthRow } from "./types";


/** Net worth at the end of each month (assets less liabilities). */
export function NetWorthChart({ rows, currency, className }: { rows: NetWorthRow[]; currency: string; className?: string }) {
  const { t, locale } = useI18n();
  const o = t.overview;
  const money = (n: number) => formatMoney(n, currency, locale);
  const last = rows.at(-1);
  return (
    <ChartFrame
      title={o.netWorth}
      className={className}
      testId="net-worth"
      description={last ? <span className="text-lg font-semibold text-foreground tabular">{money(last.netWorth)}</span> : undefined}
      chart={
        rows.length ? (
          <NetWorthSvg rows={rows} currency={currency} locale={locale} label={o.netWorth} />
        ) : (
          <ChartEmpty>{o.noNetWorth}</ChartEmpty>
        )
      }
      table={<NetWorthTable rows={rows} currency={currency} />}
    />
  );
}

/** The figures of each month end: the table view of the chart, or of a snapshot of one day. */
export function NetWorthTable({ rows, currency }: { rows: NetWorthRow[]; currency: string }) {
  const { t, locale } = useI18n();
  const o = t.overview;
  const money = (n: number) => formatMoney(n, currency, locale);
  return (
    <ChartTable caption={o.netWorth} columns={[o.columns.date, o.columns.assets, o.columns.liabilities, o.columns.netWorth]}>
      <tbody>
        {rows.map((r) => (
          <tr key={r.date}>
            <th scope="row" className={`${td} text-left font-normal`}>{formatDate(r.date, locale, "UTC")}</th>
            <td className={td}>{money(r.assets)}</td>
            <td className={td}>{money(r.liabilities)}</td>
            <td className={td}>{money(r.netWorth)}</td>
          </tr>
        ))}
      </tbody>
    </ChartTable>
  );
}
