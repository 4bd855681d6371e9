"use client";

import dynamic from "next/dynamic";
import { useI18n } from "@/lib/i18n";
import { formatDate, formatMoney } from "@/lib/format";
import { ChartFrame, ChartTable, ChartEmpty, td } from "./chart-frame";
import { ChartSkeleton } from "./chart-skeleton";
import type { MerchantRow } from "./report-types";

const MerchantsGraph = dynamic(() => import("./merchants-graph"), { ssr: false, loading: () => <ChartSkeleton height={320} /> });

/** The merchants money went to most over the range, largest first. */
export function MerchantsChart({ rows, currency, className }: { rows: MerchantRow[]; currency: string; className?: string }) {
  const { t, locale } = useI18n();
  const r = t.reportsPage;
  const money = (n: number) => formatMoney(n, currency, locale);
  const nothing = <ChartEmpty>{r.noData}</ChartEmpty>;
  return (
    <ChartFrame
      title={r.reports.merchants}
      className={className}
      testId="report-merchants"
      chart={rows.length ? <MerchantsGraph rows={rows} currency={currency} locale={locale} label={r.columns.spent} /> : nothing}
      table={
        rows.length ? (
          <ChartTable caption={r.reports.merchants} columns={[r.columns.merchant, r.columns.spent, r.columns.transactions, r.columns.lastPayment]}>
            <tbody>
              {rows.map((m) => (
                <tr key={m.name}>
                  <th scope="row" className={`${td} text-left font-normal`}>{m.name}</th>
                  <td className={`${td} whitespace-nowrap`}>{money(m.spent)}</td>
                  <td className={td}>{m.transactions}</td>
                  <td className={`${td} whitespace-nowrap`}>{formatDate(m.lastDay, locale, "UTC")}</td>
                </tr>
              ))}
            </tbody>
          </ChartTable>
        ) : (
          nothing
        )
      }
    />
  );
}
