/**
 * The transactions page's data hooks: keyset pages of the list (or of the semantic search),
 * the review queue, and every edit. Components never fetch.
 */
import { useMemo } from "react";
import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
} from "@tanstack/react-query";
import { api } from "@/api/client";
import { unwrap } from "@/api/errors";
import { keys } from "@/api/keys";
import type { Category, Schemas, Transaction, TransactionQuery } from "@/api/types";
import { toNumber } from "@/lib/format";
import { toQuery, type TxFilters } from "./filters";

export type TransactionPage = Schemas["TransactionPage"];
export type SearchPage = Schemas["SearchPage"];
export type TransactionDetail = Schemas["TransactionDetail"];
export type EditedTransaction = Schemas["EditedTransaction"];
export type NewRule = Schemas["NewRule"];
export type ReviewGroup = Schemas["ReviewGroup"];
export type Transfer = Schemas["Transfer"];
export type TransactionEdit = Schemas["TransactionEdit"];
export type SplitPart = Schemas["SplitPart"];
/** A row of the list, or of the search (which adds its `score`). */
export type Row = Transaction & { score?: number };

/** Rows per page: the API's most. */
export const PAGE_SIZE = 200;
/** The search answers at most 50 per page. */
const SEARCH_PAGE_SIZE = 50;

const noRows: Row[] = [];

/**
 * The list (or the search, when `filters.q` is set), a keyset page at a time; `rows` is
 * every loaded page in order.
 */
export function useTransactionRows(filters: TxFilters | null) {
  const query = useMemo(() => (filters ? toQuery(filters) : null), [filters]);
  const q = filters?.q.trim() ?? "";
  const list = useInfiniteQuery({
    queryKey: keys.transactionList(query ?? {}),
    enabled: query !== null && q === "",
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }): Promise<TransactionPage> =>
      unwrap(
        await api.GET("/api/v1/transactions", {
          params: { query: { ...query, limit: PAGE_SIZE, ...(pageParam ? { before: pageParam } : {}) } },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
  const search = useInfiniteQuery({
    queryKey: keys.transactionSearch(q, query ?? {}),
    enabled: query !== null && q !== "",
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }): Promise<SearchPage> =>
      unwrap(
        await api.GET("/api/v1/transactions/search", {
          params: {
            query: { ...query, q, limit: SEARCH_PAGE_SIZE, ...(pageParam ? { before: pageParam } : {}) },
          },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
  const active = q ? search : list;
  const pages = active.data?.pages;
  const rows: Row[] = useMemo(() => {
    if (!pages) return noRows;
    if (pages.length === 1) return pages[0]!.transactions;
    const out: Row[] = [];
    for (const p of pages) for (const t of p.transactions) out.push(t);
    return out;
  }, [pages]);
  const understood = q ? search.data?.pages[0]?.understood : undefined;
  return {
    rows,
    understood,
    isSearch: q !== "",
    isPending: filters === null || active.isPending,
    isError: active.isError,
    error: active.error,
    refetch: active.refetch,
    hasNextPage: active.hasNextPage,
    isFetchingNextPage: active.isFetchingNextPage,
    fetchNextPage: active.fetchNextPage,
  };
}

/** Categories: by id, and as a tree (top level in their order, each with its children). */
export interface CategoryNode {
  category: Category;
  children: Category[];
}

export function useCategories() {
  const query = useQuery({
    queryKey: keys.categories,
    queryFn: async () => unwrap(await api.GET("/api/v1/categories")),
    staleTime: 5 * 60_000,
  });
  const data = query.data;
  const byId = useMemo(() => new Map((data ?? []).map((c) => [c.id, c])), [data]);
  const tree = useMemo(() => {
    const all = data ?? [];
    const byPosition = (a: Category, b: Category) => a.position - b.position || a.name.localeCompare(b.name);
    const top = all.filter((c) => !c.parent_id || !byId.has(c.parent_id)).sort(byPosition);
    return top.map(
      (category): CategoryNode => ({
        category,
        children: all.filter((c) => c.parent_id === category.id).sort(byPosition),
      }),
    );
  }, [data, byId]);
  return { ...query, byId, tree };
}

/** Puts an edited row into every cached page that holds it (the list and the search). */
function patchCachedRow(qc: QueryClient, row: Transaction) {
  const update = <P extends { transactions: Row[] }>(data: InfiniteData<P> | undefined) => {
    if (!data) return data;
    let changed = false;
    const pages = data.pages.map((p) => {
      const i = p.transactions.findIndex((t) => t.id === row.id);
      if (i < 0) return p;
      changed = true;
      const transactions = p.transactions.slice();
      transactions[i] = { ...transactions[i], ...row };
      return { ...p, transactions };
    });
    return changed ? { ...data, pages } : data;
  };
  qc.setQueriesData<InfiniteData<TransactionPage>>({ queryKey: ["transactions", "list"] }, update);
  qc.setQueriesData<InfiniteData<SearchPage>>({ queryKey: ["transactions", "search"] }, update);
}

/** After an edit: the rows, the review queue, the overview's numbers. */
function refreshAfterEdit(qc: QueryClient) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: keys.transactions }),
    qc.invalidateQueries({ queryKey: keys.analytics }),
  ]);
}

/**
 * Sets a row's category (as the user's own choice: the categorizer learns it for the
 * merchant). Answers the edited row and the rule the server offers for it, if any.
 */
export function useRecategorize() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, categoryId }: { id: string; categoryId: string | null }) =>
      unwrap(
        await api.PATCH("/api/v1/transactions/{id}", {
          params: { path: { id } },
          body: { category_id: categoryId },
        }),
      ),
    onSuccess: (edited) => {
      patchCachedRow(qc, edited);
      qc.setQueryData(keys.transaction(edited.id), edited);
      void refreshAfterEdit(qc);
    },
  });
}

/** Notes, tags, merchant: what the detail drawer edits. */
export function useEditTransaction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: TransactionEdit) =>
      unwrap(await api.PATCH("/api/v1/transactions/{id}", { params: { path: { id } }, body })),
    onSuccess: (edited) => {
      patchCachedRow(qc, edited);
      qc.setQueryData(keys.transaction(edited.id), edited);
      void refreshAfterEdit(qc);
    },
  });
}

export function useCreateRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (rule: NewRule) => unwrap(await api.POST("/api/v1/rules", { body: rule })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.rulesPrefix });
    },
  });
}

/** One row with its splits, for the drawer. */
export function useTransaction(id: string | null) {
  return useQuery({
    queryKey: keys.transaction(id ?? ""),
    enabled: id !== null,
    queryFn: async (): Promise<TransactionDetail> =>
      unwrap(await api.GET("/api/v1/transactions/{id}", { params: { path: { id: id! } } })),
  });
}

export function useSplit(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (parts: SplitPart[]) =>
      unwrap(await api.POST("/api/v1/transactions/{id}/split", { params: { path: { id } }, body: { parts } })),
    onSuccess: (detail) => {
      qc.setQueryData(keys.transaction(id), detail);
      void refreshAfterEdit(qc);
    },
  });
}

export function useUnsplit(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      unwrap(await api.DELETE("/api/v1/transactions/{id}/split", { params: { path: { id } } }));
    },
    onSuccess: () => refreshAfterEdit(qc),
  });
}

export function useDeleteTransaction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      unwrap(await api.DELETE("/api/v1/transactions/{id}", { params: { path: { id } } }));
      return id;
    },
    onSuccess: (id) => {
      const drop = <P extends { transactions: Row[] }>(data: InfiniteData<P> | undefined) =>
        data && {
          ...data,
          pages: data.pages.map((p) => ({ ...p, transactions: p.transactions.filter((t) => t.id !== id) })),
        };
      qc.setQueriesData<InfiniteData<TransactionPage>>({ queryKey: ["transactions", "list"] }, drop);
      qc.setQueriesData<InfiniteData<SearchPage>>({ queryKey: ["transactions", "search"] }, drop);
      qc.removeQueries({ queryKey: keys.transaction(id) });
      void refreshAfterEdit(qc);
    },
  });
}

/** Sets one category on many rows, 1000 at a time (the API's most per call). */
export function useBulkCategorize() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ ids, categoryId }: { ids: string[]; categoryId: string | null }) => {
      let updated = 0;
      for (let i = 0; i < ids.length; i += 1000) {
        const chunk = ids.slice(i, i + 1000);
        updated += unwrap(
          await api.POST("/api/v1/transactions/bulk-categorize", { body: { ids: chunk, category_id: categoryId } }),
        ).updated;
      }
      return updated;
    },
    onSettled: () => refreshAfterEdit(qc),
  });
}

/** The review queue: rows the categorizer left, grouped by merchant. */
export function useReviewQueue(enabled: boolean) {
  return useQuery({
    queryKey: keys.reviewQueue,
    enabled,
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/transactions/review", { params: { query: { limit: 200 } } })).groups,
  });
}

/**
 * A group's rows: the rows waiting for review whose text holds the merchant's name (the
 * group's key is a hash the page cannot compute), the newest 200.
 */
export function useReviewRows(group: ReviewGroup | null) {
  return useQuery({
    queryKey: keys.reviewRows(group?.merchant_key ?? ""),
    enabled: group !== null,
    queryFn: async () => {
      const page = unwrap(
        await api.GET("/api/v1/transactions", {
          params: { query: { needs_review: true, text: group!.merchant.slice(0, 200), limit: PAGE_SIZE } },
        }),
      );
      return page.transactions.filter((t) => t.currency === group!.currency);
    },
  });
}

/**
 * Accepts a suggestion: for every row of the merchant waiting for review (the default), or
 * for this row only. No category: the row's first suggestion.
 */
export function useAccept() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, categoryId, onlyThis }: { id: string; categoryId?: string; onlyThis?: boolean }) =>
      unwrap(
        await api.POST("/api/v1/transactions/{id}/accept", {
          params: { path: { id } },
          body: { ...(categoryId ? { category_id: categoryId } : {}), ...(onlyThis ? { only_this: true } : {}) },
        }),
      ),
    onSettled: () => refreshAfterEdit(qc),
  });
}

/** Rows that could be the other half of `tx`: other accounts, the other direction, ±7 days. */
export function useTransferCandidates(tx: Transaction | null, enabled: boolean) {
  return useQuery({
    queryKey: keys.transferCandidates(tx?.id ?? ""),
    enabled: enabled && tx !== null,
    queryFn: async (): Promise<Transaction[]> => {
      const t = tx!;
      const day = t.booked_at.slice(0, 10);
      const shift = (days: number) => {
        const d = new Date(`${day}T00:00:00Z`);
        d.setUTCDate(d.getUTCDate() + days);
        return d.toISOString().slice(0, 10);
      };
      const out = toNumber(t.amount) < 0;
      const query: TransactionQuery = {
        from: shift(-7),
        to: shift(7),
        limit: PAGE_SIZE,
        ...(out ? { min_amount: "0.0001" } : { max_amount: "-0.0001" }),
      };
      const page = unwrap(await api.GET("/api/v1/transactions", { params: { query } }));
      const size = Math.abs(toNumber(t.amount));
      return page.transactions
        .filter((c) => c.account_id !== t.account_id && !c.transfer_id)
        .sort((a, b) => Math.abs(Math.abs(toNumber(a.amount)) - size) - Math.abs(Math.abs(toNumber(b.amount)) - size))
        .slice(0, 20);
    },
  });
}

export function useLinkTransfer(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (otherId: string) =>
      unwrap(await api.POST("/api/v1/transfers", { body: { transaction_ids: [id, otherId] } })),
    onSuccess: () => refreshAfterEdit(qc),
  });
}

export function useUnlinkTransfer(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      unwrap(await api.DELETE("/api/v1/transfers/{transaction_id}", { params: { path: { transaction_id: id } } }));
    },
    onSuccess: () => refreshAfterEdit(qc),
  });
}
