"use client";

import { useEffect, useId, useState } from "react";
import { ChevronDown } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import type { Account } from "@/api/types";
import { formatDate } from "@/lib/format";
import { useI18n } from "@/lib/i18n";
import { cn } from "@/lib/utils";
import { PRESETS, type DateRange, type Preset } from "./range";

/** A row of a report's controls; wraps on narrow screens. */
export function Toolbar({ children }: { children: React.ReactNode }) {
  return <div className="flex flex-wrap items-end gap-x-4 gap-y-3">{children}</div>;
}

/** The period: a preset, or two days of your choice. */
export function RangePicker({
  preset,
  range,
  onChange,
}: {
  preset: Preset;
  range: DateRange;
  onChange: (preset: Preset, custom?: DateRange) => void;
}) {
  const { t, locale } = useI18n();
  const r = t.reportsPage;
  const id = useId();
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [customOpen, setCustomOpen] = useState(preset === "custom");
  useEffect(() => {
    // The fields follow the range shown (a preset picked, Back pressed).
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setFrom(range.from);
    setTo(range.to);
    setCustomOpen(preset === "custom");
  }, [range.from, range.to, preset]);
  return (
    <div className="flex flex-wrap items-end gap-2">
      <div className="grid gap-1.5">
        <Label htmlFor={`${id}-preset`}>{r.period}</Label>
        <NativeSelect
          id={`${id}-preset`}
          value={customOpen ? "custom" : preset}
          onChange={(e) => {
            const next = e.target.value as Preset;
            if (next === "custom") setCustomOpen(true);
            else onChange(next);
          }}
          className="w-44"
        >
          {PRESETS.map((p) => (
            <option key={p} value={p}>
              {r.presets[p]}
            </option>
          ))}
        </NativeSelect>
      </div>
      {customOpen ? (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (from && to) onChange("custom", from <= to ? { from, to } : { from: to, to: from });
          }}
        >
          <div className="grid gap-1.5">
            <Label htmlFor={`${id}-from`}>{r.from}</Label>
            <Input id={`${id}-from`} type="date" required value={from} onChange={(e) => setFrom(e.target.value)} className="h-9 w-40" />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor={`${id}-to`}>{r.to}</Label>
            <Input id={`${id}-to`} type="date" required value={to} onChange={(e) => setTo(e.target.value)} className="h-9 w-40" />
          </div>
          <Button type="submit" variant="secondary">
            {r.apply}
          </Button>
        </form>
      ) : (
        <p className="pb-2 text-sm text-muted-foreground tabular" data-testid="range-text">
          {formatDate(range.from, locale, "UTC")} – {formatDate(range.to, locale, "UTC")}
        </p>
      )}
    </div>
  );
}

/** One currency at a time: the API never adds amounts of two currencies, and neither do we. */
export function CurrencySwitch({
  currencies,
  value,
  onChange,
}: {
  currencies: string[];
  value: string;
  onChange: (currency: string) => void;
}) {
  const { t } = useI18n();
  if (currencies.length < 2) return null;
  return (
    <div className="grid gap-1.5">
      <span className="text-sm font-medium leading-none" aria-hidden="true">
        {t.reportsPage.currency}
      </span>
      <div role="group" aria-label={t.reportsPage.currency} className="flex h-9 items-center rounded-md border p-0.5">
        {currencies.map((c) => (
          <button
            key={c}
            type="button"
            aria-pressed={c === value}
            onClick={() => onChange(c)}
            className={cn(
              "h-full rounded-sm px-3 text-sm font-medium transition-colors",
              c === value ? "bg-secondary text-foreground" : "text-muted-foreground hover:text-foreground",
            )}
          >
            {c}
          </button>
        ))}
      </div>
    </div>
  );
}

/** Which accounts count: all by default, or the ones ticked. */
export function AccountFilter({
  accounts,
  selected,
  onChange,
}: {
  accounts: Account[];
  selected: string[];
  onChange: (ids: string[]) => void;
}) {
  const { t } = useI18n();
  const r = t.reportsPage;
  const [open, setOpen] = useState(false);
  const id = useId();
  const summary =
    selected.length === 0 || selected.length === accounts.length ? r.allAccounts : r.accountsChosen(selected.length);
  const toggle = (accountId: string, on: boolean) => {
    const base = selected.length ? selected : accounts.map((a) => a.id);
    const next = on ? [...new Set([...base, accountId])] : base.filter((x) => x !== accountId);
    onChange(next.length === accounts.length ? [] : next);
  };
  return (
    <div className="relative grid gap-1.5">
      <span className="text-sm font-medium leading-none" id={`${id}-label`}>
        {r.accounts}
      </span>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        aria-labelledby={`${id}-label ${id}-value`}
        onClick={() => setOpen((o) => !o)}
        className="flex h-9 w-52 items-center justify-between gap-2 rounded-md border border-input bg-card px-3 text-sm shadow-xs"
      >
        <span id={`${id}-value`} className="truncate">
          {summary}
        </span>
        <ChevronDown className={cn("size-4 text-muted-foreground transition-transform", open && "rotate-180")} aria-hidden="true" />
      </button>
      {open && (
        <fieldset
          id={`${id}-panel`}
          className="absolute top-full left-0 z-20 mt-1 grid w-64 gap-1 rounded-md border bg-popover p-2 text-popover-foreground shadow-md"
          onKeyDown={(e) => {
            if (e.key === "Escape") setOpen(false);
          }}
        >
          <legend className="sr-only">{r.accounts}</legend>
          {accounts.map((a) => {
            const checked = selected.length === 0 || selected.includes(a.id);
            return (
              <label key={a.id} className="flex cursor-pointer items-center gap-2 rounded-sm px-2 py-1.5 text-sm hover:bg-accent">
                <Checkbox checked={checked} onChange={(e) => toggle(a.id, e.target.checked)} />
                <span className="min-w-0 flex-1 truncate">{a.name}</span>
                <span className="text-xs text-muted-foreground">{a.currency}</span>
              </label>
            );
          })}
          <Button variant="ghost" size="sm" className="justify-start" onClick={() => setOpen(false)}>
            {t.common.close}
          </Button>
        </fieldset>
      )}
    </div>
  );
}

/** A labelled select of a report's own (grouping, kind). */
export function SelectControl({
  label,
  value,
  onChange,
  options,
  className,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
  className?: string;
}) {
  const id = useId();
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <NativeSelect id={id} value={value} onChange={(e) => onChange(e.target.value)} className={className ?? "w-52"}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
}
