"use client";

/**
 * The transactions page: the semantic search, the filters (all in the address), then the
 * table or, with `?needs_review=true`, the review queue. Rows are recategorized in place;
 * a change offers a rule for the merchant. Selected rows get one category at once. A row's
 * details open in a side panel.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { Inbox, SearchX, X } from "lucide-react";
import { ApiError } from "@/api/errors";
import type { Account } from "@/api/types";
import { DocumentTitle } from "@/components/shell/document-title";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useI18n } from "@/lib/i18n";
import { formatDate } from "@/lib/format";
import { cn } from "@/lib/utils";
import { useAccounts, useReviewCount } from "@/features/overview/data";
import { BulkBar } from "./bulk-bar";
import { useBulkCategorize, useCategories, useRecategorize, useTransactionRows, type Row } from "./data";
import { FilterBar, SearchBox } from "./filter-bar";
import { activeFilterCount, NO_FILTERS, type TxFilters } from "./filters";
import { RuleOffer, type Offer } from "./rule-offer";
import { merchantOf, TransactionTable, type TableContext, type TableHandle } from "./transaction-table";
import { useUrlFilters } from "./use-url-filters";

const noAccounts: Account[] = [];

// Loaded when first needed: the drawer (its forms and dialog code) on the first row opened,
// the review queue on its view. The table comes first.
const TransactionDrawer = dynamic(() => import("./transaction-drawer").then((m) => m.TransactionDrawer), {
  ssr: false,
});
const ReviewQueue = dynamic(() => import("./review-queue").then((m) => m.ReviewQueue), {
  ssr: false,
  loading: () => <ListSkeleton />,
});

export function TransactionsPage() {
  const { t } = useI18n();
  const s = t.transactions;
  const { filters, setFilters } = useUrlFilters();
  const review = useReviewCount();
  return (
    // One column that may shrink below its content: long texts truncate, never widen the page.
    <div className="grid grid-cols-[minmax(0,1fr)] gap-4">
      <DocumentTitle title={filters?.needsReview ? s.reviewTitle : s.title} />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{s.title}</h1>
        <nav aria-label={s.views} className="flex gap-1 rounded-lg border bg-card p-1 text-sm">
          {(["all", "review"] as const).map((v) => {
            const on = v === "review" ? Boolean(filters?.needsReview) : !filters?.needsReview;
            return (
              <button
                key={v}
                type="button"
                aria-current={on ? "page" : undefined}
                onClick={() => filters && setFilters({ ...filters, needsReview: v === "review", q: "" }, "push")}
                className={cn(
                  "inline-flex items-center gap-1.5 rounded-md px-3 py-1.5 font-medium",
                  on ? "bg-primary text-primary-foreground" : "text-muted-foreground hover:bg-muted hover:text-foreground",
                )}
                data-testid={`view-${v}`}
              >
                {v === "all" ? s.viewAll : s.viewReview}
                {v === "review" && review.data ? (
                  <span
                    className={cn(
                      "rounded-full px-1.5 text-xs tabular",
                      on ? "bg-primary-foreground/20" : "bg-warning/20 text-foreground",
                    )}
                  >
                    {review.data}
                  </span>
                ) : null}
              </button>
            );
          })}
        </nav>
      </div>
      {filters === null ? <ListSkeleton /> : <Body filters={filters} setFilters={setFilters} />}
    </div>
  );
}

function Body({
  filters,
  setFilters,
}: {
  filters: TxFilters;
  setFilters: (next: TxFilters, mode?: "replace" | "push") => void;
}) {
  const { t } = useI18n();
  const s = t.transactions;
  const accountsQuery = useAccounts();
  const accountList = accountsQuery.data ?? noAccounts;
  const accounts = useMemo(() => new Map(accountList.map((a) => [a.id, a])), [accountList]);
  const categories = useCategories();
  const list = useTransactionRows(filters.needsReview && !filters.q ? null : filters);
  const recategorize = useRecategorize();
  const bulk = useBulkCategorize();

  const [openId, setOpenIdState] = useState<string | null>(null);
  const [everOpened, setEverOpened] = useState(false);
  const table = useRef<TableHandle>(null);
  // Who opened the drawer: the element, and for a table row its id, index and control.
  const opener = useRef<{ el: HTMLElement | null; id: string; row?: number; col: string } | null>(null);
  const setOpenId = useCallback((id: string | null) => {
    if (id) {
      const el = document.activeElement as HTMLElement | null;
      const rowEl = el?.closest<HTMLElement>("[data-row]");
      opener.current = {
        el,
        id,
        row: rowEl ? Number(rowEl.dataset.row) : undefined,
        col: (rowEl && el?.getAttribute("data-col")) || "merchant",
      };
      setEverOpened(true);
    }
    setOpenIdState(id);
  }, []);
  const returnFocus = useCallback(() => {
    const from = opener.current;
    if (!from) return;
    // A row of the table is focused through the table: scrolling (the keyboard's, or the
    // page's while the drawer was open) may have unmounted it, and the table draws it again
    // first; a deleted row gives its place to the one after it.
    if ((from.row !== undefined || !from.el?.isConnected) && table.current?.focusRow(from.id, from.col, from.row)) return;
    const el = from.el?.isConnected
      ? from.el
      : document.querySelector<HTMLElement>(`[data-id="${from.id}"] [data-col="merchant"]`);
    el?.focus({ preventScroll: true });
  }, []);
  const [offer, setOffer] = useState<Offer | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);
  const [editError, setEditError] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const anchor = useRef<string | null>(null);
  const rows = list.rows;
  const rowsRef = useRef(rows);
  useEffect(() => {
    rowsRef.current = rows;
  }, [rows]);

  const toggle = useCallback((id: string, range: boolean) => {
    setSelected((old) => {
      const next = new Set(old);
      const on = !old.has(id);
      const all = rowsRef.current;
      const from = range && anchor.current ? all.findIndex((r) => r.id === anchor.current) : -1;
      const to = from >= 0 ? all.findIndex((r) => r.id === id) : -1;
      if (from >= 0 && to >= 0) {
        // Shift-click: the rows between the last one clicked and this one take this one's new state.
        const [a, b] = from < to ? [from, to] : [to, from];
        for (let i = a; i <= b; i++) {
          const r = all[i]!;
          if (on) next.add(r.id);
          else next.delete(r.id);
        }
      } else if (on) next.add(id);
      else next.delete(id);
      anchor.current = id;
      return next;
    });
  }, []);

  const onRecategorize = useCallback(
    (row: Row, categoryId: string | null) => {
      setEditError(null);
      setOffer(null);
      recategorize.mutate(
        { id: row.id, categoryId },
        {
          onSuccess: (edited) => {
            const name = categoryId ? (categories.byId.get(categoryId)?.name ?? "") : s.uncategorized;
            setNotice(s.recategorized(merchantOf(row), name));
            if (edited.suggested_rule) setOffer({ rule: edited.suggested_rule, merchant: merchantOf(row), category: name });
          },
          onError: (e) => setEditError(e instanceof ApiError ? e.message : t.common.error),
        },
      );
    },
    [recategorize, categories.byId, s, t.common.error],
  );

  const context: TableContext = useMemo(
    () => ({
      categories: categories.byId,
      tree: categories.tree,
      accounts,
      selected,
      toggle,
      open: setOpenId,
      recategorize: onRecategorize,
      isSearch: list.isSearch,
    }),
    [categories.byId, categories.tree, accounts, selected, toggle, setOpenId, onRecategorize, list.isSearch],
  );

  const selectedLoaded = useMemo(() => rows.filter((r) => selected.has(r.id)).length, [rows, selected]);
  const allSelected = rows.length > 0 && selectedLoaded === rows.length;
  const openRow = useMemo(() => (openId ? rows.find((r) => r.id === openId) : undefined), [openId, rows]);
  const update = (next: TxFilters) => {
    setSelected(new Set());
    setFilters(next);
  };

  const reviewView = filters.needsReview && !filters.q;
  return (
    <>
      <div className="flex flex-wrap items-center gap-3">
        <SearchBox value={filters.q} onSearch={(q) => update({ ...filters, q, needsReview: q ? false : filters.needsReview })} />
      </div>
      {!reviewView && (
        <FilterBar
          filters={filters}
          onChange={update}
          accounts={accountList}
          tree={categories.tree}
          categoryName={(id) => categories.byId.get(id)?.name}
        />
      )}
      {list.isSearch && (
        <div className="flex flex-wrap items-center justify-between gap-2 rounded-lg border bg-accent/40 px-4 py-2 text-sm" data-testid="search-banner">
          <Understood text={filters.q} understood={list.understood} />
          <Button variant="ghost" size="sm" onClick={() => update({ ...filters, q: "" })}>
            <X aria-hidden="true" />
            {s.clearSearch}
          </Button>
        </div>
      )}
      {editError && (
        <Alert variant="destructive" role="alert" className="flex items-center justify-between gap-3">
          <span>{editError}</span>
          <Button variant="ghost" size="icon" onClick={() => setEditError(null)} aria-label={t.common.close}>
            <X aria-hidden="true" />
          </Button>
        </Alert>
      )}

      {reviewView ? (
        <ReviewQueue onOpen={setOpenId} />
      ) : list.isPending ? (
        <ListSkeleton />
      ) : list.isError ? (
        <Alert variant="destructive" role="alert" className="flex flex-wrap items-center justify-between gap-3">
          <span>{list.error instanceof ApiError && list.error.status === 422 ? list.error.fields.map((f) => `${f.field}: ${f.message}`).join("; ") || list.error.message : t.common.error}</span>
          <Button variant="outline" size="sm" onClick={() => void list.refetch()}>
            {t.common.retry}
          </Button>
        </Alert>
      ) : rows.length === 0 ? (
        <Empty
          filtered={activeFilterCount(filters) > 0 || list.isSearch}
          noAccounts={accountsQuery.isSuccess && accountList.length === 0}
          onClear={() => update({ ...NO_FILTERS })}
        />
      ) : (
        <TransactionTable
          rows={rows}
          context={context}
          hasNextPage={list.hasNextPage}
          isFetchingNextPage={list.isFetchingNextPage}
          fetchNextPage={() => void list.fetchNextPage()}
          allSelected={allSelected}
          someSelected={selected.size > 0}
          onSelectAll={(on) => setSelected(on ? new Set(rows.map((r) => r.id)) : new Set())}
          label={list.isSearch ? s.searchResults : s.title}
          handle={table}
        />
      )}

      <BulkBar
        count={selected.size}
        tree={categories.tree}
        busy={bulk.isPending}
        onCategorize={(categoryId) =>
          bulk.mutate(
            { ids: [...selected], categoryId },
            {
              onSuccess: (n) => {
                const name = categoryId ? (categories.byId.get(categoryId)?.name ?? "") : s.uncategorized;
                setNotice(s.bulkDone(n, name));
                setSelected(new Set());
              },
              onError: (e) => setEditError(e instanceof ApiError ? e.message : t.common.error),
            },
          )
        }
        onClear={() => setSelected(new Set())}
      />
      <RuleOffer
        offer={offer}
        notice={notice}
        raised={selected.size > 0}
        onDone={() => setOffer(null)}
        onNoticeDone={clearNotice}
      />
      {everOpened && (
        <TransactionDrawer
        id={openId}
        row={openRow}
        accounts={accounts}
        onClose={() => setOpenId(null)}
        onRecategorize={onRecategorize}
        returnFocus={returnFocus}
        />
      )}
    </>
  );
}

function Understood({ text, understood }: { text: string; understood?: { text: string; from?: string | null; to?: string | null } }) {
  const { t, locale, timeZone } = useI18n();
  const s = t.transactions;
  const words = understood ? understood.text : text;
  const range =
    understood?.from && understood.to
      ? `${formatDate(understood.from, locale, timeZone)} – ${formatDate(understood.to, locale, timeZone)}`
      : understood?.from
        ? `${s.from} ${formatDate(understood.from, locale, timeZone)}`
        : null;
  return (
    <p>
      {words ? s.resultsFor(words) : s.resultsAll}
      {range && <span className="text-muted-foreground"> · {range}</span>}
    </p>
  );
}

function Empty({ filtered, noAccounts, onClear }: { filtered: boolean; noAccounts: boolean; onClear: () => void }) {
  const { t } = useI18n();
  const s = t.transactions;
  return (
    <div className="flex flex-col items-center gap-3 rounded-xl border border-dashed p-10 text-center" data-testid="tx-empty">
      {filtered ? (
        <SearchX className="size-8 text-muted-foreground" aria-hidden="true" />
      ) : (
        <Inbox className="size-8 text-muted-foreground" aria-hidden="true" />
      )}
      <p className="font-medium">{filtered ? s.emptyFiltered : s.empty}</p>
      <p className="max-w-md text-sm text-muted-foreground">{filtered ? s.emptyFilteredText : s.emptyText}</p>
      {filtered ? (
        <Button variant="outline" onClick={onClear}>
          {s.clearFilters}
        </Button>
      ) : (
        <Button asChild>
          <Link href={noAccounts ? "/" : "/import"}>{noAccounts ? s.connectFirst : s.importFile}</Link>
        </Button>
      )}
    </div>
  );
}

function ListSkeleton() {
  const { t } = useI18n();
  return (
    <div className="grid gap-2 rounded-xl border bg-card p-3" aria-busy="true">
      <span className="sr-only">{t.common.loading}</span>
      {Array.from({ length: 8 }, (_, i) => (
        <Skeleton key={i} className="h-11" />
      ))}
    </div>
  );
}
