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
};
