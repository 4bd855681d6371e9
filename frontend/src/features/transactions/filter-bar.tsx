"use client";

import { useEffect, useId, useRef, useState } from "react";
import * as Menu from "@radix-ui/react-dropdown-menu";
import { Check, ChevronDown, Filter, Search, X } from "lucide-react";
import type { Account } from "@/api/types";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useI18n } from "@/lib/i18n";
import { cn } from "@/lib/utils";
import { Checkbox } from "./controls";
import type { CategoryNode } from "./data";
import { activeFilterCount, NO_FILTERS, type TxFilters } from "./filters";

/** A text box that tells its value after a pause in typing (and at once on Enter or blur). */
function DebouncedInput({
  value,
  onCommit,
  delay = 400,
  ...props
}: Omit<React.InputHTMLAttributes<HTMLInputElement>, "value" | "onChange"> & {
  value: string;
  onCommit: (value: string) => void;
  delay?: number;
}) {
  const [local, setLocal] = useState(value);
  const committed = useRef(value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // The address changed under us (Back, a cleared filter): show its value.
  useEffect(() => {
    if (value !== committed.current) {
      committed.current = value;
      setLocal(value);
    }
  }, [value]);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  const commit = (v: string) => {
    if (timer.current) clearTimeout(timer.current);
    if (v === committed.current) return;
    committed.current = v;
    onCommit(v);
  };
  return (
    <Input
      {...props}
      value={local}
      onChange={(e) => {
        const v = e.target.value;
        setLocal(v);
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(() => commit(v), delay);
      }}
      onBlur={() => commit(local)}
      onKeyDown={(e) => {
        if (e.key === "Enter") commit(local);
      }}
    />
  );
}

const AMOUNT = /^-?\d*([.,]\d{0,4})?$/;

function MultiPick({
  label,
  summary,
  children,
  testId,
}: {
  label: string;
  summary: string;
  children: React.ReactNode;
  testId: string;
}) {
  return (
    <div className="grid gap-1.5">
      <span className="text-sm font-medium leading-none" aria-hidden="true">
        {label}
      </span>
      <DropdownMenu modal={false}>
        <DropdownMenuTrigger asChild>
          <Button variant="outline" className="h-10 justify-between font-normal" aria-label={`${label}: ${summary}`} data-testid={testId}>
            <span className="truncate">{summary}</span>
            <ChevronDown aria-hidden="true" />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="max-h-80 overflow-y-auto">
          {children}
        </DropdownMenuContent>
      </DropdownMenu>
    </div>
  );
}

function CheckItem({
  checked,
  onChange,
  children,
  depth = 0,
}: {
  checked: boolean;
  onChange: (on: boolean) => void;
  children: React.ReactNode;
  depth?: 0 | 1;
}) {
  return (
    <Menu.CheckboxItem
      checked={checked}
      onCheckedChange={(v) => onChange(v === true)}
      onSelect={(e) => e.preventDefault()}
      className={cn(
        "relative flex cursor-default items-center gap-2 rounded-sm py-1.5 pr-2 text-sm outline-none select-none data-[highlighted]:bg-accent data-[highlighted]:text-accent-foreground",
        depth === 1 ? "pl-10" : "pl-7 font-medium",
      )}
    >
      <span className={cn("absolute flex size-4 items-center justify-center", depth === 1 ? "left-5" : "left-2")}>
        <Menu.ItemIndicator>
          <Check className="size-4" aria-hidden="true" />
        </Menu.ItemIndicator>
      </span>
      {children}
    </Menu.CheckboxItem>
  );
}

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
  const toggleIn = (list: string[], v: string, on: boolean) => (on ? [...list, v] : list.filter((x) => x !== v));

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

  const amountProps = (field: "minAmount" | "maxAmount") => ({
    inputMode: "decimal" as const,
    value: filters[field],
    onCommit: (v: string) => {
      const clean = v.trim().replace(",", ".");
      if (clean === "" || (AMOUNT.test(clean) && clean !== "-")) set({ [field]: clean.replace(/\.$/, "") });
    },
  });

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
      <div
        id={`${id}-panel`}
        hidden={!open}
        className="grid grid-cols-2 gap-3 rounded-xl border bg-card p-4 sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-6 [&>*]:min-w-0"
        data-testid="filters-panel"
      >
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-from`}>{tx.from}</Label>
          <Input id={`${id}-from`} className="min-w-0 px-2" type="date" value={filters.from} onChange={(e) => set({ from: e.target.value })} />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-to`}>{tx.to}</Label>
          <Input id={`${id}-to`} className="min-w-0 px-2" type="date" value={filters.to} min={filters.from || undefined} onChange={(e) => set({ to: e.target.value })} />
        </div>
        <MultiPick label={tx.accounts} summary={accountSummary} testId="filter-accounts">
          {accounts.map((a) => (
            <CheckItem
              key={a.id}
              checked={filters.accountIds.includes(a.id)}
              onChange={(on) => set({ accountIds: toggleIn(filters.accountIds, a.id, on) })}
            >
              {a.name}
              <span className="ml-auto pl-3 text-xs text-muted-foreground">{a.currency}</span>
            </CheckItem>
          ))}
        </MultiPick>
        <MultiPick label={tx.categories} summary={categorySummary} testId="filter-categories">
          {tree.map((node) => (
            <div key={node.category.id} role="group" aria-label={node.category.name}>
              <CheckItem
                checked={filters.categoryIds.includes(node.category.id)}
                onChange={(on) => set({ categoryIds: toggleIn(filters.categoryIds, node.category.id, on), uncategorized: false })}
              >
                {node.category.name}
              </CheckItem>
              {node.children.map((c) => (
                <CheckItem
                  key={c.id}
                  depth={1}
                  checked={filters.categoryIds.includes(c.id)}
                  onChange={(on) => set({ categoryIds: toggleIn(filters.categoryIds, c.id, on), uncategorized: false })}
                >
                  {c.name}
                </CheckItem>
              ))}
            </div>
          ))}
        </MultiPick>
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-min`}>{tx.minAmount}</Label>
          <DebouncedInput id={`${id}-min`} placeholder="-100" aria-describedby={`${id}-amount-hint`} {...amountProps("minAmount")} />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-max`}>{tx.maxAmount}</Label>
          <DebouncedInput id={`${id}-max`} placeholder="0" aria-describedby={`${id}-amount-hint`} {...amountProps("maxAmount")} />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-text`}>{tx.text}</Label>
          <DebouncedInput id={`${id}-text`} value={filters.text} onCommit={(v) => set({ text: v })} maxLength={200} />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-tag`}>{tx.tag}</Label>
          <DebouncedInput id={`${id}-tag`} value={filters.tag} onCommit={(v) => set({ tag: v.trim() })} maxLength={50} />
        </div>
        <label className="flex items-center gap-2 self-end pb-2.5 text-sm">
          <Checkbox
            checked={filters.uncategorized}
            onChange={(e) => set({ uncategorized: e.target.checked, categoryIds: e.target.checked ? [] : filters.categoryIds })}
          />
          {tx.onlyUncategorized}
        </label>
        <p id={`${id}-amount-hint`} className="col-span-full text-xs text-muted-foreground">
          {tx.amountHint}
        </p>
      </div>
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
