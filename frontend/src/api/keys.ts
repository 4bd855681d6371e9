/** Every query key of the app, in one place: invalidations name them from here. */
export const keys = {
  me: ["me"] as const,
  accounts: ["accounts"] as const,
  providers: ["providers"] as const,
  categories: ["categories"] as const,
  analytics: ["analytics"] as const,
  summary: (month: string | null = null) => ["analytics", "summary", month] as const,
  cashFlow: (months: number) => ["analytics", "cash-flow", months] as const,
  netWorth: (months: number) => ["analytics", "net-worth", months] as const,
  recurring: ["analytics", "recurring"] as const,
  anomalies: ["analytics", "anomalies"] as const,
  insights: ["insights"] as const,
  transactions: ["transactions"] as const,
  recentTransactions: (limit: number) => ["transactions", "recent", limit] as const,
  reviewCount: ["transactions", "review-count"] as const,
  // Transactions page and import (fe-tx)
  transactionList: (query: object) => ["transactions", "list", query] as const,
  transactionSearch: (q: string, query: object) => ["transactions", "search", q, query] as const,
  transaction: (id: string) => ["transactions", "detail", id] as const,
  reviewQueue: ["transactions", "review"] as const,
  reviewRows: (merchant: string) => ["transactions", "review", "rows", merchant] as const,
  transferCandidates: (id: string) => ["transactions", "transfer-candidates", id] as const,
  /** Everything the rules page caches (a rule made here shows there). */
  rulesPrefix: ["rules"] as const,
  importSummary: (id: string) => ["imports", id] as const,
  // end fe-tx
};
