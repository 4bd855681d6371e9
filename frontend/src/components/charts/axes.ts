/**
 * What the graphs share, as props to spread on recharts' own elements (recharts reads its
 * children's types, so these stay props, not components): the axes' quiet ticks, months
 * on the time axis, compact money on the value axis, and the tooltip in the theme's
 * popover colours.
 */
import { formatMoney, formatMonth } from "@/lib/format";

/** The theme colours the axes and the tooltip use: pass them to `useChartColors`. */
export const FRAME_COLORS = ["muted-foreground", "border", "popover", "popover-foreground"] as const;
type FrameColors = Record<(typeof FRAME_COLORS)[number], string>;

/** Room around the plot: the same for every graph with axes. */
export const MARGIN = { top: 8, right: 8, bottom: 0, left: 8 };

/** Small muted ticks, no axis line, no tick marks. */
export function quietAxis(c: Pick<FrameColors, "muted-foreground">) {
  return { tick: { fill: c["muted-foreground"], fontSize: 12 }, axisLine: false, tickLine: false };
}

/** The time axis of a graph per month: the short month name of each period's first day. */
export function monthAxis(c: FrameColors, locale: string, dataKey = "start") {
  return { ...quietAxis(c), dataKey, tickFormatter: (v: string) => formatMonth(v, locale) };
}

/** The value axis: compact money ("€1.2K"), in a column wide enough for it. */
export function moneyAxis(c: FrameColors, currency: string, locale: string) {
  return {
    ...quietAxis(c),
    tickFormatter: (v: number) => formatMoney(v, currency, locale, { compact: true }),
    width: 64,
  };
}

/** The tooltip's box in the popover colours. */
export function tooltipBox(c: Pick<FrameColors, "border" | "popover" | "popover-foreground">) {
  return {
    contentStyle: { background: c.popover, borderColor: c.border, color: c["popover-foreground"], borderRadius: 8 },
  };
}

/** The tooltip of a graph per month: a shaded column under the pointer, the month in full. */
export function monthTooltip(c: FrameColors, locale: string) {
  return {
    ...tooltipBox(c),
    cursor: { fill: c.border, opacity: 0.4 },
    labelFormatter: (v: unknown) => formatMonth(String(v), locale, true),
  };
}
