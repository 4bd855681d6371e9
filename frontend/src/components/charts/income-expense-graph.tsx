"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney } from "@/lib/format";
import { FRAME_COLORS, MARGIN, moneyAxis, monthAxis, monthTooltip } from "./axes";
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
  const c = useChartColors(["positive", "negative", ...FRAME_COLORS]);
  return (
    <ResponsiveContainer width="100%" height={280}>
      <BarChart data={rows} margin={MARGIN} barGap={2}>
        <CartesianGrid vertical={false} stroke={c.border} />
        <XAxis {...monthAxis(c, locale)} minTickGap={8} />
        <YAxis {...moneyAxis(c, currency, locale)} />
        <Tooltip {...monthTooltip(c, locale)} formatter={(value, name) => [formatMoney(Number(value), currency, locale), String(name)]} />
        <Bar dataKey="income" name={labels.income} fill={c.positive} radius={[3, 3, 0, 0]} isAnimationActive={false} />
        <Bar dataKey="spending" name={labels.spending} fill={c.negative} radius={[3, 3, 0, 0]} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
