"use client";

import { formatDate, formatMoney } from "@/lib/format";
import type { NetWorthRow } from "../types";
import { MoneyGrid, MonthLabels, PLOT, moneyTicks, useWidth } from "./plot";

const HEIGHT = 260;

/** Net worth at each point, as a line over a fading area. */
export default function NetWorthSvg({
  rows,
  currency,
  locale,
  label,
}: {
  rows: NetWorthRow[];
  currency: string;
  locale: string;
  label: string;
}) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const values = rows.map((r) => r.netWorth);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const pad = max - min > 0 ? (max - min) * 0.1 : Math.max(1, Math.abs(max) * 0.1);
  const ticks = moneyTicks(min - pad, max + pad);
  const lo = ticks[0]!;
  const hi = ticks.at(-1)!;
  const y = (v: number) => PLOT.top + ((hi - v) / (hi - lo || 1)) * (HEIGHT - PLOT.top - PLOT.bottom);
  const step = (width - PLOT.left - PLOT.right) / Math.max(1, rows.length - 1);
  const x = (i: number) => (rows.length === 1 ? (PLOT.left + width - PLOT.right) / 2 : PLOT.left + step * i);
  const line = rows.map((r, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(r.netWorth).toFixed(1)}`).join("");
  const area = `${line}L${x(rows.length - 1).toFixed(1)},${y(lo).toFixed(1)}L${x(0).toFixed(1)},${y(lo).toFixed(1)}Z`;
  return (
    <div ref={ref} className="w-full">
      <svg width={width} height={HEIGHT} role="img" aria-label={label}>
        <defs>
          <linearGradient id="net-worth-svg-fill" x1="0" y1="0" x2="0" y2="1">
            <stop offset="0%" style={{ stopColor: "var(--chart-1)", stopOpacity: 0.35 }} />
            <stop offset="100%" style={{ stopColor: "var(--chart-1)", stopOpacity: 0.02 }} />
          </linearGradient>
        </defs>
        <MoneyGrid ticks={ticks} y={y} width={width} currency={currency} locale={locale} />
        <path d={area} fill="url(#net-worth-svg-fill)" />
        <path d={line} fill="none" strokeWidth={2} strokeLinejoin="round" style={{ stroke: "var(--chart-1)" }} />
        {rows.map((r, i) => (
          <circle key={r.date} cx={x(i)} cy={y(r.netWorth)} r={rows.length < 3 ? 4 : 8} className={rows.length < 3 ? "" : "opacity-0 hover:opacity-100"} style={{ fill: "var(--chart-1)" }}>
            <title>{`${formatDate(r.date, locale, "UTC")}: ${label} ${formatMoney(r.netWorth, currency, locale)}`}</title>
          </circle>
        ))}
        <MonthLabels days={rows.map((r) => r.date)} x={x} height={HEIGHT} width={width} locale={locale} />
      </svg>
    </div>
  );
}
