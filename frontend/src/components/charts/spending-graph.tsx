"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney, formatMonth } from "@/lib/format";
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
  const c = useChartColors([...SERIES, "muted-foreground", "border", "popover", "popover-foreground"]);
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
      <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
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
