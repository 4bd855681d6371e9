/**
 * Amounts in the transaction's currency and the user's locale; dates in the user's time
 * zone. The API sends amounts as decimal strings ("-12.5000") and days as `YYYY-MM-DD`.
 */

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, options);
    } catch {
      f = new Intl.NumberFormat("en", { ...options, currency: options.currency ? "EUR" : undefined });
    }
    cache.set(key, f);
  }
  return f;
}

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale, options);
    } catch {
      f = new Intl.DateTimeFormat("en", { ...options, timeZone: "UTC" });
    }
    cache.set(key, f);
  }
  return f;
}

export function toNumber(amount: string | number | null | undefined): number {
  if (amount == null) return 0;
  const n = typeof amount === "number" ? amount : Number.parseFloat(amount);
  return Number.isFinite(n) ? n : 0;
}

export function formatMoney(
  amount: string | number,
  currency: string,
  locale: string,
  options: { compact?: boolean; signed?: boolean } = {},
): string {
  return numberFormat(locale, {
    style: "currency",
    currency,
    notation: options.compact ? "compact" : "standard",
    maximumFractionDigits: options.compact ? 1 : undefined,
    signDisplay: options.signed ? "exceptZero" : "auto",
  }).format(toNumber(amount));
}

/** A file's size in the user's locale: "830 byte", "12.4 kB", "3.1 MB" (powers of 1,000). */
export function formatBytes(bytes: number, locale: string): string {
  const units = ["byte", "kilobyte", "megabyte", "gigabyte"] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return numberFormat(locale, {
    style: "unit",
    unit: units[unit],
    unitDisplay: "short",
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

export function formatPercent(value: number, locale: string, digits = 0): string {
  return numberFormat(locale, { style: "percent", maximumFractionDigits: digits }).format(value);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Midnight UTC: a bank's calendar date, stored as an instant (see the budget crate). */
const MIDNIGHT_UTC = /T00:00:00(\.0+)?(Z|\+00:00)$/;

/** A day (`YYYY-MM-DD`) or an instant, as the user reads dates. */
export function formatDate(
  value: string,
  locale: string,
  timeZone: string,
  style: "short" | "medium" | "weekday" = "medium",
): string {
  const calendarDay = DAY.test(value) || MIDNIGHT_UTC.test(value);
  const date = new Date(DAY.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  const options: Intl.DateTimeFormatOptions =
    style === "short"
      ? { day: "numeric", month: "short" }
      : style === "weekday"
        ? { weekday: "short", day: "numeric", month: "short" }
        : { day: "numeric", month: "short", year: "numeric" };
  return dateFormat(locale, { ...options, timeZone: calendarDay ? "UTC" : timeZone }).format(date);
}

/** `YYYY-MM-DD` (a month's first day) as "Jan 26" / "Jan. 26". */
export function formatMonth(day: string, locale: string, long = false): string {
  const date = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  return dateFormat(locale, {
    month: long ? "long" : "short",
    year: long ? "numeric" : "2-digit",
    timeZone: "UTC",
  }).format(date);
}

/** Today's date in `timeZone`, as `YYYY-MM-DD`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  try {
    return dateFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`), `to` included. */
export function daysBetweenInclusive(from: string, to: string): number {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return Math.round((b - a) / 86_400_000) + 1;
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}
