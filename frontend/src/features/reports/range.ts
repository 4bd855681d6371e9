/** The reports' date ranges: presets counted from today (in the user's time zone), or custom. */

export const PRESETS = ["month", "3m", "6m", "12m", "year", "custom"] as const;
export type Preset = (typeof PRESETS)[number];
export const DEFAULT_PRESET: Preset = "6m";

export interface DateRange {
  /** `YYYY-MM-DD`, both ends included. */
  from: string;
  to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(value: string | null | undefined): value is string {
  return !!value && DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

export function isPreset(value: string | null | undefined): value is Preset {
  return !!value && (PRESETS as readonly string[]).includes(value);
}

/** The first day of the month `back` months before `day`'s month. */
export function monthStart(day: string, back = 0): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 - back;
  const d = new Date(Date.UTC(y, m, 1));
  return d.toISOString().slice(0, 10);
}

/**
 * The range a preset means on `today`: "last 3 months" is this month and the two before,
 * up to today. A custom range keeps its days (swapped when given backwards); missing or
 * invalid ends fall back to the default preset's.
 */
export function rangeOf(preset: Preset, today: string, custom?: { from?: string | null; to?: string | null }): DateRange {
  switch (preset) {
    case "month":
      return { from: monthStart(today), to: today };
    case "3m":
      return { from: monthStart(today, 2), to: today };
    case "6m":
      return { from: monthStart(today, 5), to: today };
    case "12m":
      return { from: monthStart(today, 11), to: today };
    case "year":
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
    case "custom": {
      const from = isDay(custom?.from) ? custom.from : null;
      const to = isDay(custom?.to) ? custom.to : null;
      if (!from || !to) return rangeOf(DEFAULT_PRESET, today);
      return from <= to ? { from, to } : { from: to, to: from };
    }
  }
}

/** The later of the two days is capped at today (net worth reads balances up to today). */
export function capAtToday(range: DateRange, today: string): DateRange {
  const to = range.to > today ? today : range.to;
  return { from: range.from > to ? to : range.from, to };
}
