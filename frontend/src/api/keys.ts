/** Every query key of the app, in one place: invalidations name them from here. */
export const keys = {
  me: ["me"] as const,
  accounts: ["accounts"] as const,
  providers: ["providers"] as const,
  categories: ["categories"] as const,
  analytics: ["analytics"] as const,
  // Reports and rules (fe-rp): analytics reports by their parameters, rules and previews.
  spendingReport: (q: object) => ["analytics", "spending", q] as const,
  cashFlowReport: (q: object) => ["analytics", "cash-flow", q] as const,
  netWorthReport: (q: object) => ["analytics", "net-worth", q] as const,
  merchantsReport: (q: object) => ["analytics", "merchants", q] as const,
  recurringReport: (q: object) => ["analytics", "recurring", q] as const,
  anomaliesReport: (q: object) => ["analytics", "anomalies", q] as const,
  forecast: ["analytics", "forecast"] as const,
  rules: ["rules"] as const,
  rulePreview: (id: string, version: string) => ["rules", id, "preview", version] as const,
  summary: (month: string | null = null) => ["analytics", "summary", month] as const,
  cashFlow: (months: number) => ["analytics", "cash-flow", months] as const,
  netWorth: (months: number) => ["analytics", "net-worth", months] as const,
  recurring: ["analytics", "recurring"] as const,
  anomalies: ["analytics", "anomalies"] as const,
  insights: ["insights"] as const,
  // Budgets and goals, banks, settings
  budgets: ["budgets"] as const,
  budget: (id: string) => ["budgets", id] as const,
  budgetProgress: (id: string, at: string | null) => ["budgets", id, "progress", at] as const,
  goals: ["goals"] as const,
  goal: (id: string) => ["goals", id] as const,
  goalProgress: (id: string) => ["goals", id, "progress"] as const,
  goalContributions: (id: string) => ["goals", id, "contributions"] as const,
  connections: ["connections"] as const,
  connection: (id: string) => ["connections", id] as const,
  institutions: (provider: string, country: string) => ["providers", provider, "institutions", country] as const,
  sessions: ["auth", "sessions"] as const,
  apiTokens: ["auth", "tokens"] as const,
  auditLog: ["audit-log"] as const,
  fxRates: ["fx", "rates"] as const,
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
  importHistory: ["imports", "history"] as const,
  // end fe-tx
  // ask: the chat panel's past conversations and one conversation's turns
  askConversations: ["ask", "conversations"] as const,
  askConversation: (id: string) => ["ask", "conversations", id] as const,
  // end ask
  // notifications: the bell's unread count and feed, and the preferences
  notifications: ["notifications"] as const,
  notificationsUnread: ["notifications", "unread"] as const,
  notificationsFeed: ["notifications", "feed"] as const,
  notificationPreferences: ["notifications", "preferences"] as const,
  telegramLink: ["notifications", "telegram-link"] as const,
  // end notifications
  // email summary (issue 22): this week's summary as e-mailed
  emailPreview: ["notifications", "email-preview"] as const,
  // end email summary
  // email deliveries and privacy (issues 22, 23): recent e-mail and Telegram deliveries
  emailDeliveries: ["notifications", "deliveries"] as const,
  llmConsent: ["privacy", "llm-consent"] as const,
  privacyTerms: ["privacy", "terms"] as const,
  privacyExports: ["privacy", "exports"] as const,
  // end email deliveries and privacy
};
