"use client";

import { Bar, CartesianGrid, Cell, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney, formatMonth } from "@/lib/format";
import type { CashFlowRow } from "./types";
import { useChartColors } from "./use-chart-colors";

export default function NetFlowGraph({
  rows,
  currency,
  locale,
  labels,
}: {
  rows: (CashFlowRow & { cumulative: number })[];
  currency: string;
  locale: string;
  labels: { net: string; cumulative: string };
}) {
  const c = useChartColors(["chart-1", "negative", "foreground", "muted-foreground", "border", "popover", "popover-foreground"]);
  return (
    <ResponsiveContainer width="100%" height={280}>
      <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
        <CartesianGrid vertical={false} stroke={c.border} />
        <XAxis
          dataKey="start"
          tickFormatter={(v: string) => formatMonth(v, locale)}
          tick={{ fill: c["muted-foreground"], fontSize: 12 }}
          axisLine={false}
          tickLine={false}
          minTickGap={8}
        />
        <YAxis
          tickFormatter={(v: number) => formatMoney(v, currency, locale, { compact: true })}
          tick={{ fill: c["muted-foreground"], fontSize: 12 }}
          axisLine={false}
          tickLine={false}
          width={64}
        />
        <ReferenceLine y={0} stroke={c["muted-foreground"]} />
        <Tooltip
          cursor={{ fill: c.border, opacity: 0.4 }}
          contentStyle={{ background: c.popover, borderColor: c.border, color: c["popover-foreground"], borderRadius: 8 }}
          labelFormatter={(v) => formatMonth(String(v), locale, true)}
          formatter={(value, name) => [formatMoney(Number(value), currency, locale, { signed: true }), String(name)]}
        />
        <Bar dataKey="net" name={labels.net} radius={[3, 3, 3, 3]} isAnimationActive={false}>
          {rows.map((r) => (
            <Cell key={r.start} fill={r.net < 0 ? c.negative : c["chart-1"]} />
          ))}
        </Bar>
        <Line dataKey="cumulative" name={labels.cumulative} stroke={c.foreground} strokeWidth={2} dot={false} type="monotone" isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
