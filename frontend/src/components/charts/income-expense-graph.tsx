"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney, formatMonth } from "@/lib/format";
import type { CashFlowRow } from "./types";
import { useChartColors } from "./use-chart-colors";

export default function IncomeExpenseGraph({
  rows,
  currency,
  locale,
  labels,
}: {
  rows: CashFlowRow[];
  currency: string;
  locale: string;
  labels: { income: string; spending: string };
}) {
  const c = useChartColors(["positive", "negative", "muted-foreground", "border", "popover", "popover-foreground"]);
  return (
    <ResponsiveContainer width="100%" height={280}>
      <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 8 }} barGap={2}>
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
        <Tooltip
          cursor={{ fill: c.border, opacity: 0.4 }}
          contentStyle={{ background: c.popover, borderColor: c.border, color: c["popover-foreground"], borderRadius: 8 }}
          labelFormatter={(v) => formatMonth(String(v), locale, true)}
          formatter={(value, name) => [formatMoney(Number(value), currency, locale), String(name)]}
        />
        <Bar dataKey="income" name={labels.income} fill={c.positive} radius={[3, 3, 0, 0]} isAnimationActive={false} />
        <Bar dataKey="spending" name={labels.spending} fill={c.negative} radius={[3, 3, 0, 0]} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
