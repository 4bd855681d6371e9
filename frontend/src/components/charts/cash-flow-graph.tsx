"use client";

import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney, formatMonth } from "@/lib/format";
import type { CashFlowRow } from "./types";
import { useChartColors } from "./use-chart-colors";

export default function CashFlowGraph({
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
  const c = useChartColors(["positive", "negative", "foreground", "muted-foreground", "border", "popover", "popover-foreground"]);
  const data = rows.map((r) => ({ ...r, spending: -r.spending }));
  return (
    <ResponsiveContainer width="100%" height={260}>
      <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }} stackOffset="sign">
        <CartesianGrid vertical={false} stroke={c.border} />
        <XAxis
          dataKey="start"
          tickFormatter={(v: string) => formatMonth(v, locale)}
          tick={{ fill: c["muted-foreground"], fontSize: 12 }}
          axisLine={false}
          tickLine={false}
        />
        <YAxis
          tickFormatter={(v: number) => formatMoney(v, currency, locale, { compact: true })}
          tick={{ fill: c["muted-foreground"], fontSize: 12 }}
          axisLine={false}
          tickLine={false}
          width={64}
        />
        <Tooltip
          cursor={{ fill: c.border, opacity: 0.4 }}
          contentStyle={{ background: c.popover, borderColor: c.border, color: c["popover-foreground"], borderRadius: 8 }}
          labelFormatter={(v) => formatMonth(String(v), locale, true)}
          formatter={(value, name) => [formatMoney(Math.abs(Number(value)), currency, locale), String(name)]}
        />
        <Bar dataKey="income" name={labels.income} fill={c.positive} stackId="flow" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        <Bar dataKey="spending" name={labels.spending} fill={c.negative} stackId="flow" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        <Line dataKey="net" name={labels.net} stroke={c.foreground} strokeWidth={2} dot={false} type="monotone" isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
