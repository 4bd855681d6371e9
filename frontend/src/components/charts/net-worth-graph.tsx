"use client";

import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDate, formatMoney, formatMonth } from "@/lib/format";
import type { NetWorthRow } from "./types";
import { useChartColors } from "./use-chart-colors";

export default function NetWorthGraph({
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
  const c = useChartColors(["chart-1", "muted-foreground", "border", "popover", "popover-foreground"]);
  // A flat or single-point series would give five equal ticks: widen the range around it.
  const values = rows.map((r) => r.netWorth);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const pad = max - min > 0 ? (max - min) * 0.1 : Math.max(1, Math.abs(max) * 0.1);
  const domain: [number, number] = [Math.floor(min - pad), Math.ceil(max + pad)];
  return (
    <ResponsiveContainer width="100%" height={260}>
      <AreaChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
        <defs>
          <linearGradient id="net-worth-fill" x1="0" y1="0" x2="0" y2="1">
            <stop offset="0%" stopColor={c["chart-1"]} stopOpacity={0.35} />
            <stop offset="100%" stopColor={c["chart-1"]} stopOpacity={0.02} />
          </linearGradient>
        </defs>
        <CartesianGrid vertical={false} stroke={c.border} />
        <XAxis
          dataKey="date"
          tickFormatter={(v: string) => formatMonth(v, locale)}
          tick={{ fill: c["muted-foreground"], fontSize: 12 }}
          axisLine={false}
          tickLine={false}
          minTickGap={24}
        />
        <YAxis
          tickFormatter={(v: number) => formatMoney(v, currency, locale, { compact: true })}
          tick={{ fill: c["muted-foreground"], fontSize: 12 }}
          axisLine={false}
          tickLine={false}
          width={64}
          domain={domain}
        />
        <Tooltip
          contentStyle={{ background: c.popover, borderColor: c.border, color: c["popover-foreground"], borderRadius: 8 }}
          labelFormatter={(v) => formatDate(String(v), locale, "UTC")}
          formatter={(value) => [formatMoney(Number(value), currency, locale), label]}
        />
        <Area
          dataKey="netWorth"
          name={label}
          type="monotone"
          stroke={c["chart-1"]}
          strokeWidth={2}
          fill="url(#net-worth-fill)"
          dot={rows.length < 3 ? { r: 4, fill: c["chart-1"] } : false}
          isAnimationActive={false}
        />
      </AreaChart>
    </ResponsiveContainer>
  );
}
