/**
 * The lists the browser knows: IANA time zones and ISO 4217 currencies
 * (`Intl.supportedValuesOf`), with their names in the user's language.
 */

const FALLBACK_ZONES = ["UTC", "Europe/Berlin", "Europe/London", "America/New_York", "Asia/Tokyo"];
const FALLBACK_CURRENCIES = ["EUR", "USD", "GBP", "CHF", "JPY"];

function supported(kind: "timeZone" | "currency", fallback: string[]): string[] {
  try {
    const values = Intl.supportedValuesOf(kind);
    return values.length ? values : fallback;
  } catch {
    return fallback;
  }
}

let zones: string[] | null = null;
let currencies: string[] | null = null;

/** Every IANA zone the browser knows, UTC included (Chromium lists it under "UTC" only sometimes). */
export function timeZones(): string[] {
  zones ??= Array.from(new Set(["UTC", ...supported("timeZone", FALLBACK_ZONES)]));
  return zones;
}

export function currencyCodes(): string[] {
  currencies ??= supported("currency", FALLBACK_CURRENCIES);
  return currencies;
}

const names = new Map<string, Intl.DisplayNames | null>();

export function currencyName(code: string, locale: string): string {
  let display = names.get(locale);
  if (display === undefined) {
    try {
      display = new Intl.DisplayNames([locale], { type: "currency" });
    } catch {
      display = null;
    }
    names.set(locale, display);
  }
  try {
    return display?.of(code) ?? code;
  } catch {
    return code;
  }
}

/** The zone's offset from UTC now, e.g. "UTC+01:00"; empty when the browser cannot say. */
export function zoneOffset(zone: string): string {
  try {
    const part = new Intl.DateTimeFormat("en", { timeZone: zone, timeZoneName: "longOffset" })
      .formatToParts(new Date())
      .find((p) => p.type === "timeZoneName");
    return part?.value === "GMT" ? "UTC" : (part?.value.replace("GMT", "UTC") ?? "");
  } catch {
    return "";
  }
}
