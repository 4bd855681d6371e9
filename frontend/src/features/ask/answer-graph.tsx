"use client";

import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney } from "@/lib/format";
import { FRAME_COLORS, MARGIN, quietAxis, tooltipBox } from "@/components/charts/axes";
import { SERIES, useChartColors } from "@/components/charts/use-chart-colors";
import type { ShownChart } from "./present";

/** An answer's chart (recharts, loaded with it): bars, or a line over days, weeks or months. */
export default function AnswerGraph({ chart, locale }: { chart: ShownChart; locale: string }) {
  const c = useChartColors([...SERIES, ...FRAME_COLORS]);
  const color = (i: number) => c[SERIES[i % SERIES.length]!];
  const axes = (
    <>
      <CartesianGrid vertical={false} stroke={c.border} />
      <XAxis {...quietAxis(c)} dataKey="label" minTickGap={8} />
      <YAxis
        {...quietAxis(c)}
        width={64}
        tickFormatter={(v: number) => formatMoney(v, chart.currency, locale, { compact: true })}
      />
      <Tooltip
        {...tooltipBox(c)}
        cursor={chart.kind === "bar" ? { fill: c.border, opacity: 0.4 } : { stroke: c.border }}
        formatter={(value, name) => [formatMoney(Number(value), chart.currency, locale), String(name)]}
      />
    </>
  );
  return (
    <ResponsiveContainer width="100%" height={220}>
      {chart.kind === "line" ? (
        <LineChart data={chart.points} margin={MARGIN}>
          {axes}
          {chart.series.map((s, i) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stroke={color(i)}
              strokeWidth={2}
              dot={chart.points.length <= 16}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      ) : (
        <BarChart data={chart.points} margin={MARGIN}>
          {axes}
          {chart.series.map((s, i) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} fill={color(i)} radius={[3, 3, 0, 0]} isAnimationActive={false} />
          ))}
        </BarChart>
      )}
    </ResponsiveContainer>
  );
}
