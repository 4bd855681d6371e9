"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney } from "@/lib/format";
import { FRAME_COLORS, quietAxis, tooltipBox } from "./axes";
import type { MerchantRow } from "./report-types";
import { useChartColors } from "./use-chart-colors";

/** Horizontal bars, one per merchant; the names stay readable on narrow screens. */
export default function MerchantsGraph({
  rows,
  currency,
  locale,
  label,
}: {
  rows: MerchantRow[];
  currency: string;
  locale: string;
  label: string;
}) {
  const c = useChartColors(["chart-3", "foreground", ...FRAME_COLORS]);
  const height = Math.max(160, rows.length * 30 + 32);
  const short = (name: string) => (name.length > 18 ? `${name.slice(0, 17)}…` : name);
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={rows} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 0 }} barCategoryGap={6}>
        <CartesianGrid horizontal={false} stroke={c.border} />
        <XAxis {...quietAxis(c)} type="number" tickFormatter={(v: number) => formatMoney(v, currency, locale, { compact: true })} />
        <YAxis
          {...quietAxis(c)}
          type="category"
          dataKey="name"
          width={130}
          tickFormatter={short}
          tick={{ fill: c.foreground, fontSize: 12 }}
          interval={0}
        />
        <Tooltip
          {...tooltipBox(c)}
          cursor={{ fill: c.border, opacity: 0.4 }}
          formatter={(value) => [formatMoney(Number(value), currency, locale), label]}
        />
        <Bar dataKey="spent" name={label} fill={c["chart-3"]} radius={[0, 3, 3, 0]} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
