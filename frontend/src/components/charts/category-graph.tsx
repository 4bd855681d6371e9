"use client";

import { useRouter } from "next/navigation";
import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip } from "recharts";
import { formatMoney } from "@/lib/format";
import { tooltipBox } from "./axes";
import type { CategoryRow } from "./types";
import { SERIES, useChartColors } from "./use-chart-colors";

/** A donut; a click on a slice opens that category's transactions. */
export default function CategoryGraph({
  rows,
  currency,
  locale,
}: {
  rows: CategoryRow[];
  currency: string;
  locale: string;
}) {
  const router = useRouter();
  const c = useChartColors([...SERIES, "card", "border", "popover", "popover-foreground"]);
  const data = rows.filter((r) => r.amount > 0);
  return (
    <ResponsiveContainer width="100%" height={220}>
      <PieChart>
        <Pie
          data={data}
          dataKey="amount"
          nameKey="name"
          innerRadius="58%"
          outerRadius="95%"
          paddingAngle={1}
          stroke={c.card}
          isAnimationActive={false}
          onClick={(entry: { payload?: CategoryRow }) => {
            if (entry?.payload?.href) router.push(entry.payload.href);
          }}
          className="cursor-pointer"
        >
          {data.map((row, i) => (
            <Cell key={row.id ?? "none"} fill={c[SERIES[i % SERIES.length]!]} />
          ))}
        </Pie>
        <Tooltip
          {...tooltipBox(c)}
          itemStyle={{ color: c["popover-foreground"] }}
          formatter={(value, name) => [formatMoney(Number(value), currency, locale), String(name)]}
        />
      </PieChart>
    </ResponsiveContainer>
  );
}
