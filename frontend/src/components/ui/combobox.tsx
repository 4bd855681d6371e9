"use client";

/**
 * A text input with a list of suggestions that narrows as one types (the ARIA 1.2 combobox
 * pattern): arrows move through the list, Enter picks, Escape closes. The text is the value;
 * the form's schema decides whether it must be one of the options.
 */
import * as React from "react";
import { Label } from "./label";
import { cn } from "@/lib/utils";

const MAX_SHOWN = 80;

function normalize(text: string): string {
  return text.toLowerCase().replace(/[_/]+/g, " ").trim();
}

export interface ComboboxProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  options: readonly string[];
  /** How an option reads in the list (the value stays the option itself). */
  describe?: (option: string) => string;
  noMatches: string;
  hint?: string;
  error?: string;
  className?: string;
  inputRef?: React.Ref<HTMLInputElement>;
}

export function Combobox({
  id,
  label,
  value,
  onChange,
  onBlur,
  options,
  describe,
  noMatches,
  hint,
  error,
  className,
  inputRef,
}: ComboboxProps) {
  const [open, setOpen] = React.useState(false);
  const [active, setActive] = React.useState(-1);
  // While the list is open after typing, it narrows by the text; opened by the arrow it shows all.
  const [filter, setFilter] = React.useState("");
  const listId = `${id}-listbox`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const listRef = React.useRef<HTMLUListElement>(null);

  const matches = React.useMemo(() => {
    const q = normalize(filter);
    const found = q ? options.filter((o) => normalize(`${o} ${describe?.(o) ?? ""}`).includes(q)) : options;
    return found.slice(0, MAX_SHOWN);
  }, [filter, options, describe]);

  React.useEffect(() => {
    if (active < 0 || !listRef.current) return;
    const item = listRef.current.querySelector<HTMLElement>(`[data-index="${active}"]`);
    item?.scrollIntoView({ block: "nearest" });
  }, [active]);

  const pick = (option: string) => {
    onChange(option);
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (!open) {
        setOpen(true);
        setFilter("");
        setActive(Math.max(0, options.indexOf(value)));
      } else setActive((i) => Math.min(matches.length - 1, i + 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      if (open) setActive((i) => Math.max(0, i - 1));
    } else if (e.key === "Enter") {
      if (open && active >= 0 && matches[active]) {
        e.preventDefault();
        pick(matches[active]);
      }
    } else if (e.key === "Escape") {
      if (open) {
        e.preventDefault();
        e.stopPropagation();
        setOpen(false);
      }
    } else if (e.key === "Tab") {
      setOpen(false);
    }
  };

  const activeId = open && active >= 0 && matches[active] ? `${id}-option-${active}` : undefined;
  return (
    <div className={cn("grid gap-1.5", className)}>
      <Label htmlFor={id}>{label}</Label>
      <div className="relative">
        <input
          id={id}
          ref={inputRef}
          type="text"
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={activeId}
          aria-invalid={error ? true : undefined}
          aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
          autoComplete="off"
          spellCheck={false}
          value={value}
          onChange={(e) => {
            onChange(e.target.value);
            setFilter(e.target.value);
            setOpen(true);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          onClick={() => {
            if (!open) {
              setFilter("");
              setOpen(true);
              setActive(Math.max(0, options.indexOf(value)));
            }
          }}
          onBlur={() => {
            setOpen(false);
            onBlur?.();
          }}
          className="flex h-10 w-full rounded-md border border-input bg-card px-3 py-2 text-base text-foreground shadow-xs placeholder:text-muted-foreground focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring aria-invalid:border-destructive sm:text-sm"
        />
        <ul
          id={listId}
          ref={listRef}
          role="listbox"
          aria-label={label}
          hidden={!open}
          className="absolute z-30 mt-1 max-h-64 w-full overflow-y-auto rounded-md border bg-popover p-1 text-sm text-popover-foreground shadow-md"
        >
          {matches.length === 0 ? (
            <li role="option" aria-selected={false} aria-disabled="true" className="px-2 py-1.5 text-muted-foreground">
              {noMatches}
            </li>
          ) : (
            matches.map((option, i) => (
              <li
                key={option}
                id={`${id}-option-${i}`}
                data-index={i}
                role="option"
                aria-selected={option === value}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(option)}
                onMouseMove={() => setActive(i)}
                className={cn(
                  "flex cursor-default items-baseline justify-between gap-3 rounded-sm px-2 py-1.5",
                  i === active && "bg-accent text-accent-foreground",
                  option === value && "font-medium",
                )}
              >
                <span className="truncate">{option}</span>
                {describe && <span className="shrink-0 text-xs text-muted-foreground">{describe(option)}</span>}
              </li>
            ))
          )}
        </ul>
      </div>
      {hint && (
        <p id={hintId} className="text-xs text-muted-foreground">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-sm text-destructive" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
