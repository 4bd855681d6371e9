"use client";

import { useRouter } from "next/navigation";
import { formatMoney } from "@/lib/format";
import type { CategoryRow } from "../types";

const SIZE = 220;

/** A donut of the categories' shares; a click on a slice opens that category's transactions. */
export default function DonutSvg({ rows, currency, locale }: { rows: CategoryRow[]; currency: string; locale: string }) {
  const router = useRouter();
  const data = rows.filter((r) => r.amount > 0);
  const total = data.reduce((sum, r) => sum + r.amount, 0);
  const outer = SIZE / 2 - 6;
  const inner = outer * 0.6;
  const point = (r: number, a: number) => `${(SIZE / 2 + r * Math.cos(a)).toFixed(2)},${(SIZE / 2 + r * Math.sin(a)).toFixed(2)}`;
  // Each slice's start and end angle, clockwise from the top.
  const slices = data.map((row, i) => {
    const before = data.slice(0, i).reduce((sum, r) => sum + r.amount, 0);
    const start = -Math.PI / 2 + (total > 0 ? (before / total) * Math.PI * 2 : 0);
    const sweep = total > 0 ? (row.amount / total) * Math.PI * 2 : 0;
    // A lone category is a full ring: an arc cannot end where it starts.
    return { row, i, start, end: start + Math.min(sweep, Math.PI * 2 - 0.0001) };
  });
  return (
    <svg viewBox={`0 0 ${SIZE} ${SIZE}`} width="100%" height={SIZE} role="img" aria-hidden="true">
      {slices.map(({ row, i, start, end }) => {
        const large = end - start > Math.PI ? 1 : 0;
        const d = `M${point(outer, start)}A${outer},${outer} 0 ${large} 1 ${point(outer, end)}L${point(inner, end)}A${inner},${inner} 0 ${large} 0 ${point(inner, start)}Z`;
        return (
          <path
            key={row.id ?? "none"}
            d={d}
            className="cursor-pointer hover:opacity-80"
            style={{ fill: `var(--chart-${(i % 8) + 1})`, stroke: "var(--card)", strokeWidth: 1.5 }}
            onClick={() => router.push(row.href)}
          >
            <title>{`${row.name}: ${formatMoney(row.amount, currency, locale)}`}</title>
          </path>
        );
      })}
    </svg>
  );
}
