/**
 * The transactions page's filters, as they live in the address bar: a reload or a shared
 * link opens the same view. `account_id` and `category_id` are comma lists (the API takes
 * them repeated or as a comma list); `q` switches the table to the semantic search.
 */
import type { TransactionQuery } from "@/api/types";

export interface TxFilters {
  from: string;
  to: string;
  accountIds: string[];
  categoryIds: string[];
  uncategorized: boolean;
  needsReview: boolean;
  minAmount: string;
  maxAmount: string;
  text: string;
  tag: string;
  /** The semantic search's words; empty: the plain list. */
  q: string;
}

export const NO_FILTERS: TxFilters = {
  from: "",
  to: "",
  accountIds: [],
  categoryIds: [],
  uncategorized: false,
  needsReview: false,
  minAmount: "",
  maxAmount: "",
  text: "",
  tag: "",
  q: "",
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AMOUNT = /^-?\d+(\.\d{1,4})?$/;

function list(params: URLSearchParams, name: string): string[] {
  return params
    .getAll(name)
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => UUID.test(v));
}

/** Reads the filters from a query string; what does not parse is left out. */
export function parseFilters(search: string): TxFilters {
  const p = new URLSearchParams(search);
  const day = (name: string) => {
    const v = p.get(name) ?? "";
    return DAY.test(v) ? v : "";
  };
  const amount = (name: string) => {
    const v = (p.get(name) ?? "").trim();
    return AMOUNT.test(v) ? v : "";
  };
  return {
    from: day("from"),
    to: day("to"),
    accountIds: list(p, "account_id"),
    categoryIds: list(p, "category_id"),
    uncategorized: p.get("uncategorized") === "true",
    needsReview: p.get("needs_review") === "true",
    minAmount: amount("min_amount"),
    maxAmount: amount("max_amount"),
    text: (p.get("text") ?? "").slice(0, 200),
    tag: (p.get("tag") ?? "").slice(0, 50),
    q: (p.get("q") ?? "").slice(0, 200),
  };
}

/** The query string for `filters` (without `?`), in a stable order. */
export function serializeFilters(f: TxFilters): string {
  const p = new URLSearchParams();
  if (f.q) p.set("q", f.q);
  if (f.needsReview) p.set("needs_review", "true");
  if (f.from) p.set("from", f.from);
  if (f.to) p.set("to", f.to);
  if (f.accountIds.length) p.set("account_id", f.accountIds.join(","));
  if (f.categoryIds.length) p.set("category_id", f.categoryIds.join(","));
  if (f.uncategorized) p.set("uncategorized", "true");
  if (f.minAmount) p.set("min_amount", f.minAmount);
  if (f.maxAmount) p.set("max_amount", f.maxAmount);
  if (f.text) p.set("text", f.text);
  if (f.tag) p.set("tag", f.tag);
  return p.toString();
}

/** The API's query for the list (and the search's filters). */
export function toQuery(f: TxFilters): TransactionQuery {
  const q: TransactionQuery = {};
  if (f.from) q.from = f.from;
  if (f.to) q.to = f.to;
  if (f.accountIds.length) q.account_id = f.accountIds;
  // The API refuses a category together with "uncategorized" or "needs review".
  if (f.categoryIds.length && !f.uncategorized && !f.needsReview) q.category_id = f.categoryIds;
  if (f.uncategorized) q.uncategorized = true;
  if (f.needsReview) q.needs_review = true;
  if (f.minAmount) q.min_amount = f.minAmount;
  if (f.maxAmount) q.max_amount = f.maxAmount;
  if (f.text.trim()) q.text = f.text.trim();
  if (f.tag.trim()) q.tag = f.tag.trim();
  return q;
}

/** How many filters narrow the list (the search words and the review view not counted). */
export function activeFilterCount(f: TxFilters): number {
  return (
    (f.from ? 1 : 0) +
    (f.to ? 1 : 0) +
    (f.accountIds.length ? 1 : 0) +
    (f.categoryIds.length ? 1 : 0) +
    (f.uncategorized ? 1 : 0) +
    (f.minAmount ? 1 : 0) +
    (f.maxAmount ? 1 : 0) +
    (f.text ? 1 : 0) +
    (f.tag ? 1 : 0)
  );
}
