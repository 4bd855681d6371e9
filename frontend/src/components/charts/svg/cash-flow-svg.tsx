"use client";

import { formatMoney, formatMonth } from "@/lib/format";
import type { CashFlowRow } from "../types";
import { MoneyGrid, MonthLabels, PLOT, moneyTicks, useWidth } from "./plot";

const HEIGHT = 260;

/** Income up and spending down from zero per month, and the net as a line. */
export default function CashFlowSvg({
  rows,
  currency,
  locale,
  labels,
}: {
  rows: CashFlowRow[];
  currency: string;
  locale: string;
  labels: { income: string; spending: string; net: string };
}) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const values = rows.flatMap((r) => [r.income, -r.spending, r.net]);
  const ticks = moneyTicks(Math.min(0, ...values), Math.max(0, ...values));
  const lo = ticks[0]!;
  const hi = ticks.at(-1)!;
  const y = (v: number) => PLOT.top + ((hi - v) / (hi - lo || 1)) * (HEIGHT - PLOT.top - PLOT.bottom);
  const band = (width - PLOT.left - PLOT.right) / Math.max(1, rows.length);
  const x = (i: number) => PLOT.left + band * (i + 0.5);
  const bar = Math.max(2, Math.min(28, band * 0.6));
  const net = rows.map((r, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(r.net).toFixed(1)}`).join("");
  const money = (n: number) => formatMoney(n, currency, locale);
  return (
    <div ref={ref} className="w-full">
      <svg width={width} height={HEIGHT} role="img" aria-label={labels.net}>
        <MoneyGrid ticks={ticks} y={y} width={width} currency={currency} locale={locale} />
        {rows.map((r, i) => (
          <g key={r.start} className="[&:hover>rect.hit]:opacity-40">
            <title>{`${formatMonth(r.start, locale, true)}: ${labels.income} ${money(r.income)}, ${labels.spending} ${money(r.spending)}, ${labels.net} ${money(r.net)}`}</title>
            <rect className="hit opacity-0" x={x(i) - band / 2} y={PLOT.top} width={band} height={HEIGHT - PLOT.top - PLOT.bottom} style={{ fill: "var(--border)" }} />
            <rect x={x(i) - bar / 2} y={y(r.income)} width={bar} height={Math.max(0, y(0) - y(r.income))} rx={3} style={{ fill: "var(--positive)" }} />
            <rect x={x(i) - bar / 2} y={y(0)} width={bar} height={Math.max(0, y(-r.spending) - y(0))} rx={3} style={{ fill: "var(--negative)" }} />
          </g>
        ))}
        <path d={net} fill="none" strokeWidth={2} strokeLinejoin="round" pointerEvents="none" style={{ stroke: "var(--foreground)" }} />
        <MonthLabels days={rows.map((r) => r.start)} x={x} height={HEIGHT} width={width} locale={locale} />
      </svg>
    </div>
  );
}
