"use client";

import { useState } from "react";
import dynamic from "next/dynamic";
import { useI18n } from "@/lib/i18n";
import { formatMoney } from "@/lib/format";
import { cn } from "@/lib/utils";
import { ChartFrame, ChartTable, td } from "./chart-frame";
import { ChartSkeleton } from "./chart-skeleton";
import type { ForecastData } from "./report-types";

const ForecastGraph = dynamic(() => import("./forecast-graph"), { ssr: false, loading: () => <ChartSkeleton height={280} /> });

/**
 * The next 30, 60 or 90 days: the expected balance day by day (the running net when no
 * account reports a balance). The table has the API's figures for each horizon.
 */
export function ForecastChart({ data, currency, className }: { data: ForecastData; currency: string; className?: string }) {
  const { t, locale } = useI18n();
  const r = t.reportsPage;
  const [days, setDays] = useState(() => data.horizons.at(-1)?.days ?? 90);
  const money = (n: number, signed = false) => formatMoney(n, currency, locale, { signed });
  const horizon = data.horizons.find((h) => h.days === days) ?? data.horizons.at(-1);
  const hasBalance = data.startingBalance !== null;
  const valueLabel = hasBalance ? r.columns.balance : r.columns.net;
  return (
    <ChartFrame
      title={r.reports.forecast}
      className={className}
      testId="report-forecast"
      description={
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {hasBalance && (
            <span>
              {r.today}: <span className="font-semibold text-foreground tabular">{money(data.startingBalance!)}</span>
            </span>
          )}
          {horizon && (
            <span>
              {r.inDays(horizon.days)}:{" "}
              <span className={cn("font-semibold tabular", (horizon.balance ?? horizon.net) < 0 ? "text-negative" : "text-foreground")}>
                {hasBalance && horizon.balance !== null ? money(horizon.balance) : money(horizon.net, true)}
              </span>
            </span>
          )}
        </div>
      }
      action={
        <div role="group" aria-label={r.horizon} className="flex rounded-md border p-0.5">
          {data.horizons.map((h) => (
            <button
              key={h.days}
              type="button"
              aria-pressed={h.days === days}
              onClick={() => setDays(h.days)}
              className={cn(
                "h-7 rounded-sm px-2 text-xs font-medium whitespace-nowrap tabular transition-colors",
                h.days === days ? "bg-secondary text-foreground" : "text-muted-foreground hover:text-foreground",
              )}
            >
              {r.daysShort(h.days)}
            </button>
          ))}
        </div>
      }
      chart={
        <ForecastGraph
          points={data.points.filter((p) => p.offset <= days)}
          horizons={data.horizons.filter((h) => h.days <= days).map((h) => ({ offset: h.days, value: h.balance ?? h.net }))}
          currency={currency}
          locale={locale}
          label={valueLabel}
        />
      }
      table={
        <ChartTable caption={r.reports.forecast} columns={[r.columns.horizon, r.columns.recurringIncome, r.columns.recurringSpending, r.columns.otherIncome, r.columns.otherSpending, r.columns.net, r.columns.balance]}>
          <tbody>
            {data.horizons.map((h) => (
              <tr key={h.days} data-testid={`forecast-row-${h.days}`}>
                <th scope="row" className={`${td} text-left font-normal whitespace-nowrap`}>{r.inDays(h.days)}</th>
                <td className={`${td} whitespace-nowrap`}>{money(h.recurringIncome)}</td>
                <td className={`${td} whitespace-nowrap`}>{money(h.recurringSpending)}</td>
                <td className={`${td} whitespace-nowrap`}>{money(h.otherIncome)}</td>
                <td className={`${td} whitespace-nowrap`}>{money(h.otherSpending)}</td>
                <td className={`${td} whitespace-nowrap`}>{money(h.net, true)}</td>
                <td className={`${td} whitespace-nowrap`}>{h.balance === null ? "–" : money(h.balance)}</td>
              </tr>
            ))}
          </tbody>
        </ChartTable>
      }
    />
  );
}
