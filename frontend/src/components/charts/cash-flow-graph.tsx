"use client";

import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney } from "@/lib/format";
import { FRAME_COLORS, MARGIN, moneyAxis, monthAxis, monthTooltip } from "./axes";
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
  const c = useChartColors(["positive", "negative", "foreground", ...FRAME_COLORS]);
  const data = rows.map((r) => ({ ...r, spending: -r.spending }));
  return (
    <ResponsiveContainer width="100%" height={260}>
      <ComposedChart data={data} margin={MARGIN} stackOffset="sign">
        <CartesianGrid vertical={false} stroke={c.border} />
        <XAxis {...monthAxis(c, locale)} />
        <YAxis {...moneyAxis(c, currency, locale)} />
        <Tooltip
          {...monthTooltip(c, locale)}
          formatter={(value, name) => [formatMoney(Math.abs(Number(value)), currency, locale), String(name)]}
        />
        <Bar dataKey="income" name={labels.income} fill={c.positive} stackId="flow" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        <Bar dataKey="spending" name={labels.spending} fill={c.negative} stackId="flow" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        <Line dataKey="net" name={labels.net} stroke={c.foreground} strokeWidth={2} dot={false} type="monotone" isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
