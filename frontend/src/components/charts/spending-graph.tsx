"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney } from "@/lib/format";
import { FRAME_COLORS, MARGIN, moneyAxis, monthAxis, monthTooltip } from "./axes";
import type { SpendingData } from "./report-types";
import { SERIES, useChartColors } from "./use-chart-colors";

export default function SpendingGraph({
  data,
  stacks,
  otherLabel,
  currency,
  locale,
}: {
  data: SpendingData;
  stacks: number;
  otherLabel: string;
  currency: string;
  locale: string;
}) {
  const c = useChartColors([...SERIES, ...FRAME_COLORS]);
  const shown = data.series.slice(0, stacks);
  const rest = data.series.slice(stacks);
  const rows = data.periods.map((p, i) => {
    const row: Record<string, string | number> = { start: p.start };
    for (const s of shown) row[s.key] = Math.max(0, s.amounts[i] ?? 0);
    if (rest.length) row.other = Math.max(0, rest.reduce((sum, s) => sum + (s.amounts[i] ?? 0), 0));
    return row;
  });
  const bars = [
    ...shown.map((s, i) => ({ key: s.key, name: s.name, color: c[SERIES[i % SERIES.length]!] })),
    ...(rest.length ? [{ key: "other", name: otherLabel, color: c["chart-8"] }] : []),
  ];
  return (
    <ResponsiveContainer width="100%" height={300}>
      <BarChart data={rows} margin={MARGIN}>
        <CartesianGrid vertical={false} stroke={c.border} />
        <XAxis {...monthAxis(c, locale)} minTickGap={8} />
        <YAxis {...moneyAxis(c, currency, locale)} />
        <Tooltip
          {...monthTooltip(c, locale)}
          formatter={(value, name) => [formatMoney(Number(value), currency, locale), String(name)]}
        />
        {bars.map((b, i) => (
          <Bar
            key={b.key}
            dataKey={b.key}
            name={b.name}
            stackId="spending"
            fill={b.color}
            radius={i === bars.length - 1 ? [3, 3, 0, 0] : 0}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
