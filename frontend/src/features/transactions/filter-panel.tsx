"use client";

/**
 * The filter fields (loaded when first opened: the menus' code is not needed before).
 */
import { useId } from "react";
import * as Menu from "@radix-ui/react-dropdown-menu";
import { Check, ChevronDown } from "lucide-react";
import type { Account } from "@/api/types";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useI18n } from "@/lib/i18n";
import { cn } from "@/lib/utils";
import { Checkbox } from "./controls";
import type { CategoryNode } from "./data";
import { DebouncedInput } from "./debounced-input";
import type { TxFilters } from "./filters";

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

export function FilterPanel({
  id: panelId,
  filters,
  set,
  accounts,
  tree,
  accountSummary,
  categorySummary,
}: {
  id: string;
  filters: TxFilters;
  set: (patch: Partial<TxFilters>) => void;
  accounts: Account[];
  tree: CategoryNode[];
  accountSummary: string;
  categorySummary: string;
}) {
  const { t } = useI18n();
  const tx = t.transactions;
  const id = useId();
  const toggleIn = (list: string[], v: string, on: boolean) => (on ? [...list, v] : list.filter((x) => x !== v));
  const amountProps = (field: "minAmount" | "maxAmount") => ({
    inputMode: "decimal" as const,
    value: filters[field],
    onCommit: (v: string) => {
      const clean = v.trim().replace(",", ".");
      if (clean === "" || (AMOUNT.test(clean) && clean !== "-")) set({ [field]: clean.replace(/\.$/, "") });
    },
  });
  return (
      <div
        id={panelId}
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
  );
}
