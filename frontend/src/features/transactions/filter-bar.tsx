"use client";

import { useEffect, useId, useRef, useState } from "react";
import dynamic from "next/dynamic";
import { Filter, Search, X } from "lucide-react";
import type { Account } from "@/api/types";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { useI18n } from "@/lib/i18n";
import type { CategoryNode } from "./data";
import { activeFilterCount, NO_FILTERS, type TxFilters } from "./filters";

// The fields and their menus load when the panel first opens.
const FilterPanel = dynamic(() => import("./filter-panel").then((m) => m.FilterPanel), {
  ssr: false,
  loading: () => <Skeleton className="h-40 rounded-xl" />,
});

export function FilterBar({
  filters,
  onChange,
  accounts,
  tree,
  categoryName,
}: {
  filters: TxFilters;
  onChange: (next: TxFilters) => void;
  accounts: Account[];
  tree: CategoryNode[];
  categoryName: (id: string) => string | undefined;
}) {
  const { t } = useI18n();
  const tx = t.transactions;
  const id = useId();
  const count = activeFilterCount(filters);
  const [open, setOpen] = useState(count > 0);
  const set = (patch: Partial<TxFilters>) => onChange({ ...filters, ...patch });

  const accountSummary =
    filters.accountIds.length === 0
      ? tx.allAccounts
      : filters.accountIds.length === 1
        ? (accounts.find((a) => a.id === filters.accountIds[0])?.name ?? tx.nSelected(1))
        : tx.nSelected(filters.accountIds.length);
  const categorySummary =
    filters.categoryIds.length === 0
      ? tx.allCategories
      : filters.categoryIds.length === 1
        ? (categoryName(filters.categoryIds[0]!) ?? tx.nSelected(1))
        : tx.nSelected(filters.categoryIds.length);

  // Chips for what narrows the list, each with its own ✕.
  const chips: { key: string; text: string; clear: Partial<TxFilters> }[] = [];
  if (filters.from) chips.push({ key: "from", text: `${tx.from}: ${filters.from}`, clear: { from: "" } });
  if (filters.to) chips.push({ key: "to", text: `${tx.to}: ${filters.to}`, clear: { to: "" } });
  if (filters.accountIds.length) chips.push({ key: "acc", text: `${tx.accounts}: ${accountSummary}`, clear: { accountIds: [] } });
  if (filters.categoryIds.length)
    chips.push({ key: "cat", text: `${tx.categories}: ${categorySummary}`, clear: { categoryIds: [] } });
  if (filters.uncategorized) chips.push({ key: "unc", text: tx.onlyUncategorized, clear: { uncategorized: false } });
  if (filters.minAmount) chips.push({ key: "min", text: `${tx.minAmount}: ${filters.minAmount}`, clear: { minAmount: "" } });
  if (filters.maxAmount) chips.push({ key: "max", text: `${tx.maxAmount}: ${filters.maxAmount}`, clear: { maxAmount: "" } });
  if (filters.text) chips.push({ key: "text", text: `${tx.text}: “${filters.text}”`, clear: { text: "" } });
  if (filters.tag) chips.push({ key: "tag", text: `${tx.tag}: ${filters.tag}`, clear: { tag: "" } });

  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <Button
          variant="outline"
          size="sm"
          aria-expanded={open}
          aria-controls={`${id}-panel`}
          onClick={() => setOpen((o) => !o)}
          data-testid="filters-toggle"
        >
          <Filter aria-hidden="true" />
          {tx.filters}
          {count > 0 && (
            <span className="rounded-full bg-primary px-1.5 text-xs text-primary-foreground tabular">{count}</span>
          )}
        </Button>
        {chips.map((c) => (
          <span key={c.key} className="inline-flex max-w-full items-center gap-1 rounded-full border bg-card py-0.5 pr-1 pl-2.5 text-xs">
            <span className="truncate">{c.text}</span>
            <button
              type="button"
              className="rounded-full p-0.5 text-muted-foreground hover:bg-muted hover:text-foreground"
              onClick={() => set(c.clear)}
              aria-label={tx.removeFilter(c.text)}
            >
              <X className="size-3.5" aria-hidden="true" />
            </button>
          </span>
        ))}
        {count > 0 && (
          <Button variant="link" size="sm" onClick={() => onChange({ ...NO_FILTERS, q: filters.q, needsReview: filters.needsReview })}>
            {tx.clearFilters}
          </Button>
        )}
      </div>
      {open && (
        <FilterPanel
          id={`${id}-panel`}
          filters={filters}
          set={set}
          accounts={accounts}
          tree={tree}
          accountSummary={accountSummary}
          categorySummary={categorySummary}
        />
      )}
    </div>
  );
}

/** The semantic search: words in, the table shows what matches them best. */
export function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const { t } = useI18n();
  const tx = t.transactions;
  const id = useId();
  const [local, setLocal] = useState(value);
  const shown = useRef(value);
  useEffect(() => {
    if (value !== shown.current) {
      shown.current = value;
      setLocal(value);
    }
  }, [value]);
  return (
    <form
      role="search"
      className="flex w-full max-w-xl items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        shown.current = local.trim();
        onSearch(local.trim());
      }}
    >
      <Label htmlFor={`${id}-q`} className="sr-only">
        {tx.searchLabel}
      </Label>
      <div className="relative flex-1">
        <Search className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden="true" />
        <Input
          id={`${id}-q`}
          type="search"
          value={local}
          onChange={(e) => setLocal(e.target.value)}
          placeholder={tx.searchPlaceholder}
          maxLength={200}
          className="pl-9"
          data-testid="semantic-search"
        />
      </div>
      <Button type="submit" variant="secondary">
        {tx.search}
      </Button>
    </form>
  );
}
