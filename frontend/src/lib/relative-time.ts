/** "5 minutes ago", "in 6 hours": an instant against now, in the user's language. */

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400],
  ["month", 30 * 86_400],
  ["week", 7 * 86_400],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

function relative(locale: string): Intl.RelativeTimeFormat {
  try {
    return new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  } catch {
    return new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  }
}

export function formatRelative(instant: string, locale: string, now: number = Date.now()): string {
  const then = Date.parse(instant);
  if (Number.isNaN(then)) return instant;
  const seconds = Math.round((then - now) / 1000);
  // Within a minute either way (clocks differ a little) reads as "now".
  if (Math.abs(seconds) < 45) return relative(locale).format(0, "second");
  const format = relative(locale);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === "minute") {
      return format.format(Math.round(seconds / size), unit);
    }
  }
  return format.format(0, "minute");
}

/** An instant as date and time in the user's time zone ("Dec 6, 2026, 02:25"). */
export function formatDateTime(instant: string, locale: string, timeZone: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(date);
  }
}
