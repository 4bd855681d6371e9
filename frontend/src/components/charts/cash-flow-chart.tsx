"use client";

import { useI18n } from "@/lib/i18n";
import { formatMoney, formatMonth } from "@/lib/format";
import { ChartFrame, ChartTable, td } from "./chart-frame";
import CashFlowSvg from "./svg/cash-flow-svg";
import type { CashFlowRow } from "./types";


/** Income, spending and net per month: bars up and down, and the net as a line. */
export function CashFlowChart({ rows, currency, className }: { rows: CashFlowRow[]; currency: string; className?: string }) {
  const { t, locale } = useI18n();
  const o = t.overview;
  const money = (n: number) => formatMoney(n, currency, locale);
  return (
    <ChartFrame
      title={o.cashFlow}
      className={className}
      testId="cash-flow"
      description={<Legend items={[[o.income, "bg-positive"], [o.spending, "bg-negative"], [o.net, "bg-foreground"]]} />}
      chart={
        <CashFlowSvg rows={rows} currency={currency} locale={locale} labels={{ income: o.income, spending: o.spending, net: o.net }} />
      }
      table={
        <ChartTable caption={o.cashFlow} columns={[o.columns.month, o.columns.income, o.columns.spending, o.columns.net]}>
          <tbody>
            {rows.map((r) => (
              <tr key={r.start}>
                <th scope="row" className={`${td} text-left font-normal`}>{formatMonth(r.start, locale, true)}</th>
                <td className={td}>{money(r.income)}</td>
                <td className={td}>{money(r.spending)}</td>
                <td className={td}>{money(r.net)}</td>
              </tr>
            ))}
          </tbody>
        </ChartTable>
      }
    />
  );
}

export function Legend({ items }: { items: [string, string][] }) {
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-1 text-xs">
      {items.map(([label, swatch]) => (
        <li key={label} className="flex items-center gap-1.5">
          <span aria-hidden="true" className={`size-2.5 rounded-sm ${swatch}`} />
          {label}
        </li>
      ))}
    </ul>
  );
}
