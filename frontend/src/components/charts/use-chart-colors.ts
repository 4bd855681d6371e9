"use client";

import { useEffect, useState } from "react";
import { useTheme } from "@/lib/theme";

/** The theme's colours (CSS custom properties) as values an SVG attribute accepts. */
export function useChartColors<T extends string>(names: readonly T[]): Record<T, string> {
  const { resolved } = useTheme();
  const [colors, setColors] = useState<Record<T, string>>(() => fallback(names));
  const key = names.join(",");
  useEffect(() => {
    const read = () => {
      const style = getComputedStyle(document.documentElement);
      const next = {} as Record<T, string>;
      for (const n of key.split(",") as T[]) next[n] = style.getPropertyValue(`--${n}`).trim() || "currentColor";
      setColors(next);
    };
    read();
    // On a theme switch this effect runs before the theme provider's own (children first),
    // which moves the `dark` class: read again once it has.
    const frame = requestAnimationFrame(read);
    return () => cancelAnimationFrame(frame);
  }, [resolved, key]);
  return colors;
}

function fallback<T extends string>(names: readonly T[]): Record<T, string> {
  return Object.fromEntries(names.map((n) => [n, "currentColor"])) as Record<T, string>;
}

export const SERIES = ["chart-1", "chart-2", "chart-3", "chart-4", "chart-5", "chart-6", "chart-7", "chart-8"] as const;
