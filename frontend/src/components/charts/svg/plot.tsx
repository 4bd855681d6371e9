"use client";

import { useLayoutEffect, useRef, useState } from "react";
import { formatMoney, formatMonth } from "@/lib/format";

/**
 * What the overview's plain-SVG graphs share: the plot's width (measured before the first
 * paint), money ticks at round values, and the axes' labels. recharts, which the reports
 * keep, costs the overview about 400 ms of its first second and a half
 * (docs/performance.md); three small graphs do not need it.
 */
export function useWidth<T extends HTMLElement>(fallback = 560) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth || fallback);
    const observer = new ResizeObserver(([entry]) => setWidth(Math.round(entry!.contentRect.width) || fallback));
    observer.observe(el);
    return () => observer.disconnect();
  }, [fallback]);
  return [ref, width] as const;
}

/** About `count` round values covering `min`..`max` (0 included when in range). */
export function moneyTicks(min: number, max: number, count = 4): number[] {
  if (min === max) {
    const pad = Math.max(1, Math.abs(max) * 0.1);
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.floor(min / step) * step; v <= max + step * 0.001; v += step) ticks.push(Math.round(v * 100) / 100);
  if (ticks.at(-1)! < max) ticks.push(ticks.at(-1)! + step);
  return ticks;
}

export const PLOT = { top: 8, right: 8, bottom: 24, left: 64 };

/** The value axis: grid lines and compact money at each tick. */
export function MoneyGrid({
  ticks,
  y,
  width,
  currency,
  locale,
}: {
  ticks: number[];
  y: (v: number) => number;
  width: number;
  currency: string;
  locale: string;
}) {
  return (
    <g aria-hidden="true">
      {ticks.map((t) => (
        <g key={t}>
          <line x1={PLOT.left} x2={width - PLOT.right} y1={y(t)} y2={y(t)} style={{ stroke: "var(--border)" }} />
          <text x={PLOT.left - 8} y={y(t)} dy="0.32em" textAnchor="end" fontSize={12} style={{ fill: "var(--muted-foreground)" }}>
            {formatMoney(t, currency, locale, { compact: true })}
          </text>
        </g>
      ))}
    </g>
  );
}

/** Month labels under the plot, thinned so they never overlap. */
export function MonthLabels({
  days,
  x,
  height,
  width,
  locale,
}: {
  days: string[];
  x: (i: number) => number;
  height: number;
  width: number;
  locale: string;
}) {
  const every = Math.max(1, Math.ceil(days.length / Math.max(1, Math.floor((width - PLOT.left) / 68))));
  return (
    <g aria-hidden="true">
      {days.map((d, i) =>
        (days.length - 1 - i) % every === 0 ? (
          // The last label stays inside the plot instead of running past its edge.
          <text
            key={d}
            x={Math.min(x(i), width - 22)}
            y={height - 6}
            textAnchor="middle"
            fontSize={12}
            style={{ fill: "var(--muted-foreground)" }}
          >
            {formatMonth(d, locale)}
          </text>
        ) : null,
      )}
    </g>
  );
}
