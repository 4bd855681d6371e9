"use client";

import { Area, AreaChart, CartesianGrid, ReferenceDot, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDate, formatMoney } from "@/lib/format";
import type { ForecastPoint } from "./report-types";
import { useChartColors } from "./use-chart-colors";

export default function ForecastGraph({
  points,
  horizons,
  currency,
  locale,
  label,
}: {
  points: ForecastPoint[];
  horizons: { offset: number; value: number }[];
  currency: string;
  locale: string;
  label: string;
}) {
  const c = useChartColors(["chart-7", "foreground", "muted-foreground", "border", "popover", "popover-foreground", "card"]);
  const byOffset = new Map(points.map((p) => [p.offset, p.day]));
  return (
    <ResponsiveContainer width="100%" height={280}>
      <AreaChart data={points} margin={{ top: 12, right: 12, bottom: 0, left: 8 }}>
        <defs>
          <linearGradient id="forecast-fill" x1="0" y1="0" x2="0" y2="1">
            <stop offset="0%" stopColor={c["chart-7"]} stopOpacity={0.3} />
            <stop offset="100%" stopColor={c["chart-7"]} stopOpacity={0.02} />
          </linearGradient>
        </defs>
        <CartesianGrid vertical={false} stroke={c.border} />
        <XAxis
          dataKey="offset"
          type="number"
          domain={[0, "dataMax"]}
          ticks={[0, ...horizons.map((h) => h.offset)]}
          tickFormatter={(v: number) => formatDate(byOffset.get(v) ?? "", locale, "UTC", "short")}
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
          domain={["auto", "auto"]}
        />
        <Tooltip
          contentStyle={{ background: c.popover, borderColor: c.border, color: c["popover-foreground"], borderRadius: 8 }}
          labelFormatter={(v) => formatDate(byOffset.get(Number(v)) ?? "", locale, "UTC", "weekday")}
          formatter={(value) => [formatMoney(Number(value), currency, locale), label]}
        />
        <Area dataKey="value" name={label} type="stepAfter" stroke={c["chart-7"]} strokeWidth={2} fill="url(#forecast-fill)" isAnimationActive={false} />
        {horizons.map((h) => (
          <ReferenceDot key={h.offset} x={h.offset} y={h.value} r={4} fill={c["chart-7"]} stroke={c.card} strokeWidth={2} />
        ))}
      </AreaChart>
    </ResponsiveContainer>
  );
}
