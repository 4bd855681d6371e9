"use client";

/**
 * The category picker: a button showing the category; opening it gives a combobox (type to
 * narrow, arrows to move, Enter to choose, Escape to close) over the category tree. One
 * picker per row would be heavy in a long table, so the popup is made only when opened.
 */
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { Check, ChevronDown } from "lucide-react";
import { useI18n } from "@/lib/i18n";
import { cn } from "@/lib/utils";
import type { CategoryNode } from "./data";

interface Option {
  id: string | null;
  name: string;
  parent: string | null;
  depth: 0 | 1;
}

function flatten(tree: CategoryNode[], noneLabel: string | null): Option[] {
  const out: Option[] = [];
  if (noneLabel !== null) out.push({ id: null, name: noneLabel, parent: null, depth: 0 });
  for (const node of tree) {
    out.push({ id: node.category.id, name: node.category.name, parent: null, depth: 0 });
    for (const c of node.children) out.push({ id: c.id, name: c.name, parent: node.category.name, depth: 1 });
  }
  return out;
}

export interface CategoryPickerProps {
  tree: CategoryNode[];
  value: string | null;
  /** What the button says (the category's name, or "Uncategorized" / "Choose…"). */
  display: string;
  /** The button's accessible name; it starts with `display` (the visible text). */
  label: string;
  onChange: (categoryId: string | null) => void;
  /** Offer "no category" as a choice. */
  allowNone?: boolean;
  disabled?: boolean;
  className?: string;
  /** Extra props for the button (test ids, keyboard handling of the table). */
  buttonProps?: React.ButtonHTMLAttributes<HTMLButtonElement> & Record<`data-${string}`, string | number>;
  tone?: "default" | "muted" | "warning";
  /** Drawn as a form field (a bordered box) rather than as text in a row. */
  field?: boolean;
}

export function CategoryPicker({
  tree,
  value,
  display,
  label,
  onChange,
  allowNone = false,
  disabled,
  className,
  buttonProps,
  tone = "default",
  field = false,
}: CategoryPickerProps) {
  // The button the popup hangs from, while it is open.
  const [anchor, setAnchor] = useState<HTMLButtonElement | null>(null);
  const open = anchor !== null;
  const close = useCallback(
    (refocus: boolean) => {
      setAnchor(null);
      if (refocus) anchor?.focus();
    },
    [anchor],
  );
  return (
    <>
      <button
        type="button"
        disabled={disabled}
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-label={label}
        onClick={(e) => {
          const el = e.currentTarget;
          setAnchor((a) => (a ? null : el));
        }}
        {...buttonProps}
        className={cn(
          "inline-flex max-w-full min-w-0 items-center gap-1 rounded-md border px-2 text-left text-sm hover:bg-card focus-visible:outline-2 focus-visible:outline-ring disabled:opacity-60",
          field ? "h-10 justify-between border-input bg-card px-3 shadow-xs" : "h-8 hover:border-input",
          !field && (tone === "warning" ? "border-warning/50 bg-warning/10" : open ? "border-input bg-card" : "border-transparent"),
          tone === "muted" && "text-muted-foreground italic",
          className,
        )}
      >
        <span className="truncate pr-0.5">{display}</span>
        <ChevronDown className="size-3.5 shrink-0 opacity-60" aria-hidden="true" />
      </button>
      {open && (
        <CategoryPopup
          anchor={anchor}
          tree={tree}
          value={value}
          allowNone={allowNone}
          label={label}
          onPick={(id) => {
            close(true);
            if (id !== value) onChange(id);
          }}
          onClose={close}
        />
      )}
    </>
  );
}

function CategoryPopup({
  anchor,
  tree,
  value,
  allowNone,
  label,
  onPick,
  onClose,
}: {
  anchor: HTMLElement | null;
  tree: CategoryNode[];
  value: string | null;
  allowNone: boolean;
  label: string;
  onPick: (id: string | null) => void;
  onClose: (refocus: boolean) => void;
}) {
  const { t } = useI18n();
  const tx = t.transactions;
  const id = useId();
  const listId = `${id}-list`;
  const [query, setQuery] = useState("");
  const options = useMemo(() => flatten(tree, allowNone ? tx.uncategorized : null), [tree, allowNone, tx.uncategorized]);
  const shown = useMemo(() => {
    const q = query.trim().toLocaleLowerCase();
    if (!q) return options;
    return options.filter(
      (o) => o.name.toLocaleLowerCase().includes(q) || (o.parent ?? "").toLocaleLowerCase().includes(q),
    );
  }, [options, query]);
  const [active, setActive] = useState(() => Math.max(0, options.findIndex((o) => o.id === value)));
  const activeIndex = Math.min(active, Math.max(0, shown.length - 1));
  const panel = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const [pos, setPos] = useState<{ top: number; left: number; width: number; maxHeight: number } | null>(null);

  // Beside the button: below it when there is room, else above; follows scrolling.
  useLayoutEffect(() => {
    const place = () => {
      if (!anchor) return;
      const r = anchor.getBoundingClientRect();
      const width = Math.min(300, window.innerWidth - 16);
      const left = Math.max(8, Math.min(r.left, window.innerWidth - width - 8));
      const below = window.innerHeight - r.bottom - 8;
      const above = r.top - 8;
      const want = 340;
      if (below >= Math.min(want, 220) || below >= above) {
        setPos({ top: r.bottom + 4, left, width, maxHeight: Math.min(want, below - 4) });
      } else {
        const h = Math.min(want, above - 4);
        setPos({ top: r.top - 4 - h, left, width, maxHeight: h });
      }
    };
    place();
    window.addEventListener("scroll", place, true);
    window.addEventListener("resize", place);
    return () => {
      window.removeEventListener("scroll", place, true);
      window.removeEventListener("resize", place);
    };
  }, [anchor]);

  // Focus once placed (a hidden input cannot take it).
  const placed = pos !== null;
  useEffect(() => {
    if (placed) input.current?.focus({ preventScroll: true });
  }, [placed]);

  useEffect(() => {
    const onDown = (e: PointerEvent) => {
      const target = e.target as Node;
      if (panel.current?.contains(target) || anchor?.contains(target)) return;
      onClose(false);
    };
    document.addEventListener("pointerdown", onDown, true);
    return () => document.removeEventListener("pointerdown", onDown, true);
  }, [anchor, onClose]);

  useEffect(() => {
    list.current?.querySelector(`[data-index="${activeIndex}"]`)?.scrollIntoView({ block: "nearest" });
  }, [activeIndex, shown]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive(Math.min(shown.length - 1, activeIndex + 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive(Math.max(0, activeIndex - 1));
    } else if (e.key === "Home" && e.ctrlKey) {
      e.preventDefault();
      setActive(0);
    } else if (e.key === "End" && e.ctrlKey) {
      e.preventDefault();
      setActive(shown.length - 1);
    } else if (e.key === "PageDown") {
      e.preventDefault();
      setActive(Math.min(shown.length - 1, activeIndex + 8));
    } else if (e.key === "PageUp") {
      e.preventDefault();
      setActive(Math.max(0, activeIndex - 8));
    } else if (e.key === "Enter") {
      e.preventDefault();
      const o = shown[activeIndex];
      if (o) onPick(o.id);
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      onClose(true);
    } else if (e.key === "Tab") {
      onClose(false);
    }
  };

  const optionId = (i: number) => `${id}-opt-${i}`;
  return createPortal(
    <div
      ref={panel}
      className="fixed z-50 flex flex-col overflow-hidden rounded-md border bg-popover text-popover-foreground shadow-lg"
      style={pos ? { top: pos.top, left: pos.left, width: pos.width, maxHeight: pos.maxHeight } : { visibility: "hidden" }}
      data-testid="category-popup"
    >
      <div className="border-b p-2">
        <input
          ref={input}
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={shown.length ? optionId(activeIndex) : undefined}
          aria-label={`${label} — ${tx.pickerSearch}`}
          placeholder={tx.pickerSearch}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          className="h-9 w-full rounded-md border border-input bg-card px-2 text-base sm:text-sm focus-visible:outline-2 focus-visible:outline-ring"
        />
      </div>
      <ul ref={list} id={listId} role="listbox" aria-label={label} className="min-h-0 flex-1 overflow-y-auto p-1">
        {shown.length === 0 && <li className="px-2 py-3 text-sm text-muted-foreground">{tx.pickerNone}</li>}
        {shown.map((o, i) => (
          <li
            key={o.id ?? "none"}
            id={optionId(i)}
            role="option"
            aria-selected={o.id === value}
            data-index={i}
            onPointerDown={(e) => e.preventDefault()}
            onClick={() => onPick(o.id)}
            onPointerMove={() => i !== activeIndex && setActive(i)}
            className={cn(
              "flex cursor-default items-center gap-2 rounded-sm px-2 py-1.5 text-sm",
              o.depth === 1 && "pl-6",
              o.depth === 0 && o.id !== null && "font-medium",
              o.id === null && "italic text-muted-foreground",
              i === activeIndex && "bg-accent text-accent-foreground",
            )}
          >
            <span className="min-w-0 flex-1 truncate">{o.name}</span>
            {o.depth === 1 && query && (
              <span className="truncate text-xs text-muted-foreground" aria-hidden="true">
                {o.parent}
              </span>
            )}
            {o.id === value && <Check className="size-4 shrink-0" aria-hidden="true" />}
          </li>
        ))}
      </ul>
    </div>,
    // Inside an open dialog (the drawer), its focus trap must hold the popup too.
    anchor?.closest<HTMLElement>('[role="dialog"]') ?? document.body,
  );
}
