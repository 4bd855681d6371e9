/** What the reports' charts draw: plain numbers, converted from the API by the data hooks. */

/** One category's amounts, one per period (null where the API has no line for it). */
export interface SpendingSeries {
  /** The category id, or "none" for uncategorized. */
  key: string;
  name: string;
  amounts: (number | null)[];
  total: number;
}

export interface SpendingData {
  periods: { start: string; end: string }[];
  /** Largest total first. */
  series: SpendingSeries[];
  /** Per period, the API's total of the lines. */
  totals: number[];
}

export interface MerchantRow {
  name: string;
  spent: number;
  transactions: number;
  /** `YYYY-MM-DD` of the latest one. */
  lastDay: string;
}

export interface ForecastHorizonRow {
  days: number;
  recurringIncome: number;
  recurringSpending: number;
  otherIncome: number;
  otherSpending: number;
  net: number;
  /** Null when no account of the currency reports a balance. */
  balance: number | null;
}

/** The expected balance (or, without one, the running net) on each day ahead. */
export interface ForecastPoint {
  day: string;
  /** Days from today. */
  offset: number;
  value: number;
}

export interface ForecastData {
  today: string;
  startingBalance: number | null;
  horizons: ForecastHorizonRow[];
  points: ForecastPoint[];
  upcoming: { seriesId: string; date: string; merchant: string; amount: number }[];
}
