"use client";

import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDate, formatMoney } from "@/lib/format";
import { FRAME_COLORS, MARGIN, moneyAxis, monthAxis, tooltipBox } from "./axes";
import { FadeFill } from "./fade-fill";
import type { NetWorthRow } from "./types";
import { useChartColors } from "./use-chart-colors";

export default function NetWorthGraph({
  rows,
  currency,
  locale,
  label,
}: {
  rows: NetWorthRow[];
  currency: string;
  locale: string;
  label: string;
}) {
  const c = useChartColors(["chart-1", ...FRAME_COLORS]);
  // A flat or single-point series would give five equal ticks: widen the range around it.
  const values = rows.map((r) => r.netWorth);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const pad = max - min > 0 ? (max - min) * 0.1 : Math.max(1, Math.abs(max) * 0.1);
  const domain: [number, number] = [Math.floor(min - pad), Math.ceil(max + pad)];
  return (
    <ResponsiveContainer width="100%" height={260}>
      <AreaChart data={rows} margin={MARGIN}>
        <defs>
          <FadeFill id="net-worth-fill" color={c["chart-1"]} opacity={0.35} />
        </defs>
        <CartesianGrid vertical={false} stroke={c.border} />
        <XAxis {...monthAxis(c, locale, "date")} minTickGap={24} />
        <YAxis {...moneyAxis(c, currency, locale)} domain={domain} />
        <Tooltip
          {...tooltipBox(c)}
          labelFormatter={(v) => formatDate(String(v), locale, "UTC")}
          formatter={(value) => [formatMoney(Number(value), currency, locale), label]}
        />
        <Area
          dataKey="netWorth"
          name={label}
          type="monotone"
          stroke={c["chart-1"]}
          strokeWidth={2}
          fill="url(#net-worth-fill)"
          dot={rows.length < 3 ? { r: 4, fill: c["chart-1"] } : false}
          isAnimationActive={false}
        />
      </AreaChart>
    </ResponsiveContainer>
  );
}
