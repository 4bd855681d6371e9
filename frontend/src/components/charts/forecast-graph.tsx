"use client";

import { Area, AreaChart, CartesianGrid, ReferenceDot, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDate, formatMoney } from "@/lib/format";
import { FRAME_COLORS, moneyAxis, quietAxis, tooltipBox } from "./axes";
import { FadeFill } from "./fade-fill";
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
  const c = useChartColors(["chart-7", "foreground", "card", ...FRAME_COLORS]);
  const byOffset = new Map(points.map((p) => [p.offset, p.day]));
  return (
    <ResponsiveContainer width="100%" height={280}>
      <AreaChart data={points} margin={{ top: 12, right: 12, bottom: 0, left: 8 }}>
        <defs>
          <FadeFill id="forecast-fill" color={c["chart-7"]} opacity={0.3} />
        </defs>
        <CartesianGrid vertical={false} stroke={c.border} />
        <XAxis
          {...quietAxis(c)}
          dataKey="offset"
          type="number"
          domain={[0, "dataMax"]}
          ticks={[0, ...horizons.map((h) => h.offset)]}
          tickFormatter={(v: number) => formatDate(byOffset.get(v) ?? "", locale, "UTC", "short")}
        />
        <YAxis {...moneyAxis(c, currency, locale)} domain={["auto", "auto"]} />
        <Tooltip
          {...tooltipBox(c)}
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
