"use client";

/**
 * The transactions table: TanStack Table for the columns and cells, TanStack Virtual for the
 * rows. Rows have one fixed height and only those on screen (and a few beyond) exist in the
 * page, so 100,000 loaded rows scroll like 100. The table model is built for that window
 * only: the loaded pages are never walked per frame.
 *
 * Keyboard: Tab reaches the controls of a row; ↑/↓ move to the same control one row up or
 * down (scrolling it into view); the merchant opens the row's details.
 */
import {
  createContext,
  memo,
  useCallback,
  useContext,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type Ref,
} from "react";
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { createColumnHelper, tableFeatures, useTable } from "@tanstack/react-table";
import { ArrowLeftRight, Clock, Loader2, StickyNote } from "lucide-react";
import type { Account } from "@/api/types";
import { useI18n } from "@/lib/i18n";
import { formatDate, formatMoney, formatPercent, toNumber } from "@/lib/format";
import { cn } from "@/lib/utils";
import { CategoryPicker } from "./category-picker";
import { Checkbox } from "./controls";
import type { CategoryNode, Row } from "./data";
import { HoverTip, SourceBadge } from "./source-badge";
import type { Category } from "@/api/types";
import { useMedia } from "./use-media";

/** What every cell reads: formats, names, the selection and the row actions. */
export interface TableContext {
  categories: Map<string, Category>;
  tree: CategoryNode[];
  accounts: Map<string, Account>;
  selected: ReadonlySet<string>;
  /** `range`: from the last row toggled to this one (shift-click). */
  toggle: (id: string, range: boolean) => void;
  open: (id: string) => void;
  recategorize: (row: Row, categoryId: string | null) => void;
  isSearch: boolean;
}

/** What the table adds to the context for its cells. */
interface CellContext extends TableContext {
  /** Wide screen: the date and category have their own columns. */
  wide: boolean;
}

const Ctx = createContext<CellContext | null>(null);
function useTableContext(): CellContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error("cell outside the transactions table");
  return ctx;
}

export function merchantOf(row: Pick<Row, "merchant" | "payee" | "description">): string {
  return row.merchant?.trim() || row.payee.trim() || row.description;
}

const features = tableFeatures({});
const helper = createColumnHelper<typeof features, Row>();

/** Where each column sits; narrow screens keep the checkbox, the merchant and the amount. */
const CELL: Record<string, string> = {
  select: "justify-center",
  date: "hidden md:flex text-muted-foreground tabular whitespace-nowrap",
  merchant: "min-w-0",
  category: "hidden md:flex min-w-0 gap-1.5",
  amount: "justify-end tabular font-medium whitespace-nowrap",
  account: "hidden xl:flex min-w-0 text-muted-foreground",
};
const GRID =
  "grid grid-cols-[2.5rem_minmax(0,1fr)_auto] md:grid-cols-[2.5rem_6.5rem_minmax(0,1fr)_15rem_8rem] xl:grid-cols-[2.5rem_6.5rem_minmax(0,1fr)_16rem_8rem_10rem]";

function HeaderLabel({ k }: { k: "date" | "merchant" | "category" | "amount" | "account" }) {
  const { t } = useI18n();
  return <>{t.transactions.columns[k]}</>;
}

const columns = helper.columns([
  helper.display({ id: "select", header: () => null, cell: (c) => <SelectCell row={c.row.original} /> }),
  helper.display({ id: "date", header: () => <HeaderLabel k="date" />, cell: (c) => <DateCell row={c.row.original} /> }),
  helper.display({ id: "merchant", header: () => <HeaderLabel k="merchant" />, cell: (c) => <MerchantCell row={c.row.original} /> }),
  helper.display({ id: "category", header: () => <HeaderLabel k="category" />, cell: (c) => <CategoryCell row={c.row.original} /> }),
  helper.display({ id: "amount", header: () => <HeaderLabel k="amount" />, cell: (c) => <AmountCell row={c.row.original} /> }),
  helper.display({ id: "account", header: () => <HeaderLabel k="account" />, cell: (c) => <AccountCell row={c.row.original} /> }),
]);

function SelectCell({ row }: { row: Row }) {
  const { selected, toggle } = useTableContext();
  const { t, locale, timeZone } = useI18n();
  return (
    <Checkbox
      checked={selected.has(row.id)}
      onChange={() => undefined}
      onClick={(e) => toggle(row.id, e.shiftKey)}
      aria-label={t.transactions.selectRow(
        merchantOf(row),
        formatDate(row.booked_at, locale, timeZone),
        formatMoney(row.amount, row.currency, locale),
      )}
      data-col="select"
    />
  );
}

function DateCell({ row }: { row: Row }) {
  const { t, locale, timeZone } = useI18n();
  return (
    <span className="flex items-center gap-1">
      {formatDate(row.booked_at, locale, timeZone)}
      {row.status === "pending" && (
        <Clock className="size-3.5" aria-label={t.transactions.pending} role="img" />
      )}
    </span>
  );
}

function MerchantCell({ row }: { row: Row }) {
  const { open, categories, isSearch, wide } = useTableContext();
  const { t, locale, timeZone } = useI18n();
  const name = merchantOf(row);
  const category = row.category_id ? categories.get(row.category_id)?.name : null;
  const score = isSearch && row.score != null ? t.transactions.match(formatPercent(row.score, locale)) : null;
  // A second line: the match of a search, else the bank's text; on narrow screens the date
  // and the category (which have no columns there).
  const second = !wide
    ? `${formatDate(row.booked_at, locale, timeZone, "short")} · ${
        row.needs_review && !category ? t.transactions.needsReview : (category ?? t.transactions.uncategorized)
      }`
    : (score ?? (row.description && row.description !== name ? row.description : null));
  return (
    <button
      type="button"
      className="flex min-w-0 flex-1 flex-col items-start rounded-sm text-left focus-visible:outline-2 focus-visible:outline-ring"
      onClick={() => open(row.id)}
      data-col="merchant"
      aria-label={t.transactions.openDetails(name)}
    >
      <span className="flex w-full min-w-0 items-center gap-1.5">
        <span className="truncate font-medium">{name}</span>
        {row.transfer_id && (
          <ArrowLeftRight className="size-3.5 shrink-0 text-muted-foreground" aria-label={t.transactions.transfer} role="img" />
        )}
        {row.notes && <StickyNote className="size-3.5 shrink-0 text-muted-foreground" aria-label={t.transactions.hasNotes} role="img" />}
        {wide && row.tags.length > 0 && (
          <span className="truncate text-xs text-muted-foreground">#{row.tags.join(" #")}</span>
        )}
      </span>
      {second && (
        <span
          className={cn("w-full truncate text-xs text-muted-foreground", !wide && row.needs_review && !category && "text-warning")}
          data-testid={score && wide ? "match" : undefined}
        >
          {second}
        </span>
      )}
    </button>
  );
}

function CategoryCell({ row }: { row: Row }) {
  const { categories, tree, recategorize } = useTableContext();
  const { t } = useI18n();
  const tx = t.transactions;
  const category = row.category_id ? categories.get(row.category_id) : undefined;
  const display = category?.name ?? (row.needs_review ? tx.needsReview : tx.uncategorized);
  return (
    <>
      <CategoryPicker
        tree={tree}
        value={row.category_id ?? null}
        display={display}
        label={`${display} — ${tx.changeCategory(merchantOf(row))}`}
        onChange={(id) => recategorize(row, id)}
        allowNone
        tone={category ? "default" : row.needs_review ? "warning" : "muted"}
        className="min-w-0 shrink"
        buttonProps={{ "data-col": "category", "data-testid": "category-button" }}
      />
      {category && <SourceBadge source={row.category_source} confidence={row.category_confidence} />}
    </>
  );
}

function AmountCell({ row }: { row: Row }) {
  const { locale } = useI18n();
  const amount = toNumber(row.amount);
  return (
    <span className={cn(amount < 0 ? "text-negative" : amount > 0 ? "text-positive" : undefined)} data-testid="amount">
      {formatMoney(row.amount, row.currency, locale, { signed: amount > 0 })}
    </span>
  );
}

function AccountCell({ row }: { row: Row }) {
  const { accounts } = useTableContext();
  return <span className="truncate">{accounts.get(row.account_id)?.name ?? ""}</span>;
}

/** What the page may ask of the table. */
export interface TableHandle {
  /** Focuses the control `col` of the row `id` (or of the row at `near` when it is gone). */
  focusRow: (id: string, col: string, near?: number) => boolean;
}

type TxTable = ReturnType<typeof useTable<typeof features, Row, null>>;
type TxRow = ReturnType<TxTable["getRowModel"]>["rows"][number];

/**
 * One row. Scrolling mounts new rows and drops old ones; a row already on screen renders
 * again only when its data, its selection or the table's context changes.
 */
const TableRow = memo(
  function TableRow({
    table,
    tableRow,
    index,
    top,
    height,
    selected,
  }: {
    table: TxTable;
    tableRow: TxRow;
    index: number;
    top: number;
    height: number;
    selected: boolean;
    context: CellContext;
  }) {
    const row = tableRow.original;
    return (
      <div
        role="row"
        aria-rowindex={index + 2}
        aria-selected={selected}
        data-row={index}
        data-testid="tx-row"
        data-id={row.id}
        className={cn(
          GRID,
          // Its own size and paint: a row laid out or painted touches no other.
          "absolute inset-x-0 top-0 items-center border-b px-1 text-sm [contain:strict]",
          selected ? "bg-accent" : "bg-card hover:bg-muted",
        )}
        style={{ height, transform: `translateY(${top}px)` }}
      >
        {tableRow.getAllCells().map((cell) => (
          <div key={cell.id} role="cell" className={cn("flex items-center px-2", CELL[cell.column.id])}>
            <table.FlexRender cell={cell} />
          </div>
        ))}
      </div>
    );
  },
  (a, b) =>
    a.tableRow.original === b.tableRow.original &&
    a.index === b.index &&
    a.top === b.top &&
    a.height === b.height &&
    a.selected === b.selected &&
    a.context === b.context,
);

export function TransactionTable({
  rows,
  context,
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
  allSelected,
  someSelected,
  onSelectAll,
  label,
  handle,
}: {
  rows: Row[];
  context: TableContext;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  allSelected: boolean;
  someSelected: boolean;
  onSelectAll: (on: boolean) => void;
  label: string;
  handle?: Ref<TableHandle>;
}) {
  const { t } = useI18n();
  const wide = useMedia("(min-width: 768px)");
  const rowHeight = wide ? 56 : 64;
  const body = useRef<HTMLDivElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);

  // Where the body starts on the page: measured when something above it changes size, not
  // per frame.
  useLayoutEffect(() => {
    const el = body.current;
    if (!el) return;
    const measure = () => setScrollMargin(el.getBoundingClientRect().top + window.scrollY);
    measure();
    const observer = new ResizeObserver(measure);
    const main = document.getElementById("main");
    if (main) observer.observe(main.firstElementChild ?? main);
    window.addEventListener("resize", measure);
    return () => {
      observer.disconnect();
      window.removeEventListener("resize", measure);
    };
  }, []);

  const count = rows.length + (hasNextPage ? 1 : 0);
  // Both stable between renders: a new `getItemKey` makes the virtualizer measure every
  // row again (100,000 of them), which on each scroll frame is the jank to avoid.
  const estimateSize = useCallback(() => rowHeight, [rowHeight]);
  const getItemKey = useCallback((i: number) => rows[i]?.id ?? "more", [rows]);
  const virtualizer = useWindowVirtualizer({
    count,
    estimateSize,
    overscan: 8,
    scrollMargin,
    getItemKey,
    // The sticky app header (3.5rem) and the table's header row (2.5rem) cover the top.
    scrollPaddingStart: 96,
    // Rows render in React's next batch, not synchronously inside each scroll event: two
    // scroll events in one frame make one render, not two.
    useFlushSync: false,
  });
  useEffect(() => {
    virtualizer.measure();
  }, [rowHeight, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? -1;

  // Load the next page well before the end comes into view (a page and a half ahead).
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && last >= rows.length - 300) fetchNextPage();
  }, [last, rows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  // Only the rows on screen go through the table model.
  const windowRows = rows.slice(first, Math.min(rows.length, last + 1));
  const table = useTable({ features, columns, data: windowRows, getRowId: (r) => r.id }, () => null);
  const tableRows = table.getRowModel().rows;

  // Focus that waits for its row: ↑/↓ and the drawer's return both scroll the row into view
  // first, and the render that draws it (rows render in the next frame or so) focuses it.
  // Presses made meanwhile count from the row waited for, so holding a key goes on where it
  // should. A wait left unmet (the row went away) lapses after two seconds.
  const pending = useRef<{ row: number; col: string; id?: string; until: number } | null>(null);
  const focusPending = useCallback(() => {
    const p = pending.current;
    if (!p) return;
    if (p.until < performance.now()) {
      pending.current = null;
      return;
    }
    const row = p.id ? `[data-id="${CSS.escape(p.id)}"]` : `[data-row="${p.row}"]`;
    const el = body.current?.querySelector<HTMLElement>(`${row} [data-col="${p.col}"]`);
    if (!el) return;
    pending.current = null;
    el.focus({ preventScroll: true });
  }, []);
  useLayoutEffect(focusPending);
  const focusWhenDrawn = useCallback(
    (target: { row: number; col: string; id?: string }) => {
      virtualizer.scrollToIndex(target.row, { align: "auto" });
      pending.current = { ...target, until: performance.now() + 2000 };
      focusPending();
    },
    [virtualizer, focusPending],
  );

  const onKeyDown = useCallback(
    (e: React.KeyboardEvent<HTMLDivElement>) => {
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      const target = e.target as HTMLElement;
      const col = target.getAttribute("data-col");
      const rowEl = target.closest<HTMLElement>("[data-row]");
      if (!col || !rowEl || target.getAttribute("aria-expanded") === "true") return;
      const p = pending.current;
      const from = p && p.col === col && p.until > performance.now() ? p.row : Number(rowEl.dataset.row);
      const next = from + (e.key === "ArrowDown" ? 1 : -1);
      e.preventDefault();
      if (next < 0 || next >= rows.length) return;
      focusWhenDrawn({ row: next, col });
    },
    [rows.length, focusWhenDrawn],
  );

  // For the page: focus a row's control again (the drawer closing), drawing the row first
  // when scrolling has taken it off the page. A row no longer in the list (deleted) gives
  // its place to the one now at `near`.
  const rowsRef = useRef(rows);
  useLayoutEffect(() => {
    rowsRef.current = rows;
  }, [rows]);
  useImperativeHandle(
    handle,
    () => ({
      focusRow(id, col, near) {
        const all = rowsRef.current;
        let row = all.findIndex((r) => r.id === id);
        if (row < 0 && near !== undefined && all.length > 0) row = Math.min(near, all.length - 1);
        if (row < 0) return false;
        focusWhenDrawn({ row, col, id: all[row]!.id });
        return true;
      },
    }),
    [focusWhenDrawn],
  );

  const cellContext = useMemo(() => ({ ...context, wide }), [context, wide]);
  return (
    <Ctx.Provider value={cellContext}>
      <div
        role="table"
        aria-label={label}
        aria-rowcount={hasNextPage ? -1 : rows.length + 1}
        className="rounded-xl border bg-card"
        data-testid="tx-table"
      >
        <div role="rowgroup" className="sticky top-14 z-10 rounded-t-xl border-b bg-card">
          {table.getHeaderGroups().map((group) => (
            <div key={group.id} role="row" aria-rowindex={1} className={cn(GRID, "h-10 items-center px-1 text-xs font-medium text-muted-foreground")}>
              {group.headers.map((header) =>
                header.id === "select" ? (
                  <div key={header.id} role="columnheader" className="flex justify-center">
                    <Checkbox
                      checked={allSelected}
                      indeterminate={someSelected && !allSelected}
                      onChange={(e) => onSelectAll(e.target.checked)}
                      aria-label={t.transactions.selectAll}
                      disabled={rows.length === 0}
                    />
                  </div>
                ) : (
                  <div
                    key={header.id}
                    role="columnheader"
                    className={cn("flex px-2", CELL[header.id], header.id === "amount" && "justify-end")}
                  >
                    <table.FlexRender header={header} />
                  </div>
                ),
              )}
            </div>
          ))}
        </div>
          <div
            role="rowgroup"
            ref={body}
            onKeyDown={onKeyDown}
            className="relative"
            style={{ height: virtualizer.getTotalSize() }}
          >
            {items.map((item) => {
              const top = item.start - scrollMargin;
              const tableRow = tableRows[item.index - first];
              if (item.index >= rows.length || !tableRow) {
                return (
                  <div
                    key={item.key}
                    role="row"
                    className="absolute inset-x-0 top-0 flex items-center justify-center gap-2 text-sm text-muted-foreground"
                    style={{ height: rowHeight, transform: `translateY(${top}px)` }}
                  >
                    <div role="cell" className="flex items-center gap-2">
                      <Loader2 className="size-4 animate-spin" aria-hidden="true" />
                      {t.transactions.loadingMore}
                    </div>
                  </div>
                );
              }
              return (
                <TableRow
                  key={tableRow.original.id}
                  table={table}
                  tableRow={tableRow}
                  index={item.index}
                  top={top}
                  height={rowHeight}
                  selected={context.selected.has(tableRow.original.id)}
                  context={cellContext}
                />
              );
            })}
          </div>
      </div>
      <HoverTip container={body} />
    </Ctx.Provider>
  );
}
