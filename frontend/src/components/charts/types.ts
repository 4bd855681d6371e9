/** What the charts draw: plain numbers, converted from the API by the data hooks. */
export interface CashFlowRow {
  /** The period's first day, `YYYY-MM-DD`. */
  start: string;
  income: number;
  spending: number;
  net: number;
}

export interface NetWorthRow {
  date: string;
  assets: number;
  liabilities: number;
  netWorth: number;
}

export interface CategoryRow {
  /** Null: uncategorized. */
  id: string | null;
  name: string;
  amount: number;
  href: string;
}
