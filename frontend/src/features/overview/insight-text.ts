import type { Insight } from "@/api/types";
import type { Dictionary } from "@/lib/i18n/en";
import { formatDate, formatMoney, formatMonth } from "@/lib/format";

type Facts = Record<string, unknown>;

function text(facts: Facts, key: string): string {
  const value = facts[key];
  return typeof value === "string" ? value : "";
}

/**
 * The insight as a sentence in the user's language, with amounts, months and days formatted
 * for their locale. The server's facts carry the numbers; its own sentence is English, so it
 * is shown only when a chat model wrote it for an English reader, or for a kind this version
 * does not know.
 */
export function insightText(insight: Insight, t: Dictionary, locale: string): string {
  const facts = (insight.facts ?? {}) as Facts;
  if (insight.worded_by === "llm" && locale.startsWith("en")) return insight.text;
  const w = t.overview.insight;
  const currency = text(facts, "currency");
  const money = (key: string) => formatMoney(text(facts, key), currency, locale);
  const day = (key: string) => formatDate(text(facts, key), locale, "UTC");
  const month = () => formatMonth(`${text(facts, "month")}-01`, locale, true);
  const category = text(facts, "category") || t.overview.uncategorized;
  const cadence = w.cadence[text(facts, "cadence")] ?? text(facts, "cadence");
  const merchant = text(facts, "merchant");
  switch (insight.kind) {
    case "category_above_average":
      return w.aboveAverage(
        category,
        money("amount"),
        facts.month_to_date === true ? w.soFarIn(month()) : w.inMonth(month()),
        Number(facts.percent ?? 0),
        money("average"),
      );
    case "spending_spike":
      return Number(text(facts, "usual")) === 0
        ? w.spikeFromNothing(category, money("amount"), month())
        : w.spike(category, money("amount"), month(), money("usual"));
    case "new_recurring":
      return w.newRecurring(cadence, merchant, money("amount"), facts.next_date ? day("next_date") : null);
    case "price_increase":
      return w.priceIncrease(merchant, money("from"), money("to"), Number(facts.percent ?? 0), day("on"));
    case "missed_payment":
      return w.missedPayment(cadence, merchant, money("amount"), day("last_paid"));
    case "large_transaction":
      return w.largeTransaction(
        facts.category ? `${merchant} (${text(facts, "category")})` : merchant,
        money("amount"),
        day("on"),
        money("usual"),
      );
    case "new_merchant":
      return w.newMerchant(merchant, money("amount"), day("on"));
    default:
      return insight.text;
  }
}
