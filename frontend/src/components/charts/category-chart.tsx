"use client";

import { IntentLink as Link } from "@/components/intent-link";
import { useI18n } from "@/lib/i18n";
import { formatMoney, formatPercent } from "@/lib/format";
import { ChartFrame, ChartTable, ChartEmpty, td } from "./chart-frame";
import DonutSvg from "./svg/donut-svg";
import type { CategoryRow } from "./types";


/** Spending by category: a donut beside a list of links (the keyboard's way in). */
export function CategoryChart({
  title,
  rows,
  currency,
  className,
}: {
  title: string;
  rows: CategoryRow[];
  currency: string;
  className?: string;
}) {
  const { t, locale } = useI18n();
  const o = t.overview;
  const total = rows.reduce((sum, r) => sum + Math.max(0, r.amount), 0);
  const money = (n: number) => formatMoney(n, currency, locale);
  const share = (n: number) => (total > 0 ? formatPercent(Math.max(0, n) / total, locale) : "–");
  if (rows.length === 0) {
    return (
      <ChartFrame
        title={title}
        className={className}
        testId="spending-by-category"
        chart={<ChartEmpty>{o.noSpending}</ChartEmpty>}
        table={<ChartEmpty>{o.noSpending}</ChartEmpty>}
      />
    );
  }
  return (
    <ChartFrame
      title={title}
      className={className}
      testId="spending-by-category"
      description={<span className="text-lg font-semibold text-foreground tabular">{money(total)}</span>}
      chart={
        <div className="grid grid-cols-1 items-center gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
          <DonutSvg rows={rows} currency={currency} locale={locale} />
          <ul className="grid grid-cols-1 gap-0.5">
            {rows.slice(0, 8).map((r, i) => (
              <li key={r.id ?? "none"}>
                <Link
                  href={r.href}
                  className="flex min-w-0 items-center gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-accent"
                >
                  <span aria-hidden="true" className="size-2.5 shrink-0 rounded-sm" style={{ background: `var(--chart-${(i % 8) + 1})` }} />
                  <span className="min-w-0 flex-1 truncate">{r.name}</span>
                  <span className="shrink-0 text-muted-foreground tabular">{share(r.amount)}</span>
                  <span className="shrink-0 text-right font-medium tabular">{money(r.amount)}</span>
                </Link>
              </li>
            ))}
          </ul>
        </div>
      }
      table={
        <ChartTable caption={title} columns={[o.columns.category, o.columns.amount, o.columns.share]}>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id ?? "none"}>
                <th scope="row" className={`${td} text-left font-normal`}>
                  <Link href={r.href} className="text-primary underline-offset-4 hover:underline">
                    {r.name}
                  </Link>
                </th>
                <td className={td}>{money(r.amount)}</td>
                <td className={td}>{share(r.amount)}</td>
              </tr>
            ))}
          </tbody>
        </ChartTable>
      }
    />
  );
}
