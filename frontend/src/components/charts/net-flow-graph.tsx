"use client";

import { Bar, CartesianGrid, Cell, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney } from "@/lib/format";
import { FRAME_COLORS, MARGIN, moneyAxis, monthAxis, monthTooltip } from "./axes";
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
  const c = useChartColors(["chart-1", "negative", "foreground", ...FRAME_COLORS]);
  return (
    <ResponsiveContainer width="100%" height={280}>
      <ComposedChart data={rows} margin={MARGIN}>
        <CartesianGrid vertical={false} stroke={c.border} />
        <XAxis {...monthAxis(c, locale)} minTickGap={8} />
        <YAxis {...moneyAxis(c, currency, locale)} />
        <ReferenceLine y={0} stroke={c["muted-foreground"]} />
        <Tooltip
          {...monthTooltip(c, locale)}
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
