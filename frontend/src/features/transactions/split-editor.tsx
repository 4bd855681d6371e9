"use client";

/**
 * Splits a row into parts, each with its own category. Amounts are typed without a sign:
 * every part goes the way the transaction goes. The parts must add up to the amount; the
 * running remainder says how far off they are, and the server's 422 stands beside the
 * fields it names.
 */
import { useState } from "react";
import { useFieldArray, useForm, useWatch } from "react-hook-form";
import { Plus, X } from "lucide-react";
import { ApiError } from "@/api/errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useI18n } from "@/lib/i18n";
import { formatMoney, toNumber } from "@/lib/format";
import { cn } from "@/lib/utils";
import { CategoryPicker } from "./category-picker";
import { useCategories, useSplit, useUnsplit, type TransactionDetail } from "./data";

interface Part {
  amount: string;
  category_id: string | null;
  notes: string;
}
interface Values {
  parts: Part[];
}

const MAX_PARTS = 50;
const AMOUNT = /^\d+([.,]\d{1,4})?$/;

/** Four decimals at most, as the API reads them; `null` when the text is no amount. */
function parseAmount(text: string): number | null {
  const t = text.trim().replace(/^[-+]/, "");
  if (!AMOUNT.test(t)) return null;
  return Number(t.replace(",", "."));
}

export function SplitEditor({ tx }: { tx: TransactionDetail }) {
  const { t, locale } = useI18n();
  const s = t.transactions;
  const { tree, byId } = useCategories();
  const split = useSplit(tx.id);
  const unsplit = useUnsplit(tx.id);
  const total = toNumber(tx.amount);
  const sign = total < 0 ? -1 : 1;
  const isSplit = tx.splits.length > 0;
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  const initial = (): Values => ({
    parts: isSplit
      ? tx.splits.map((p) => ({
          amount: String(Math.abs(toNumber(p.amount))),
          category_id: p.category_id ?? null,
          notes: p.notes ?? "",
        }))
      : [
          { amount: String(Math.abs(total)), category_id: tx.category_id ?? null, notes: "" },
          { amount: "", category_id: null, notes: "" },
        ],
  });
  const form = useForm<Values>({ defaultValues: initial() });
  const parts = useFieldArray({ control: form.control, name: "parts" });
  const watched = useWatch({ control: form.control, name: "parts" });
  const sum = watched.reduce((n, p) => n + (parseAmount(p.amount) ?? 0), 0);
  // Cents are compared as whole numbers: 0.1 + 0.2 must equal 0.3.
  const remaining = (Math.round(Math.abs(total) * 10_000) - Math.round(sum * 10_000)) / 10_000;
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async (v) => {
    setFormError(null);
    setMessage(null);
    let bad = false;
    v.parts.forEach((p, i) => {
      if (parseAmount(p.amount) === null || parseAmount(p.amount) === 0) {
        form.setError(`parts.${i}.amount`, { type: "client", message: s.splitAmountInvalid });
        bad = true;
      }
    });
    if (bad) return;
    try {
      await split.mutateAsync(
        v.parts.map((p) => ({
          amount: (sign * parseAmount(p.amount)!).toFixed(4),
          category_id: p.category_id,
          notes: p.notes.trim() || null,
        })),
      );
      setEditing(false);
      setMessage(s.splitSaved);
    } catch (e) {
      // The server names a part's field (`parts[1].amount`) or the whole (`parts`: they do
      // not add up): each message goes beside what it names.
      if (e instanceof ApiError && e.status === 422) {
        const rest: string[] = [];
        for (const f of e.fields) {
          const m = /^parts\[(\d+)\]\.(amount|notes)$/.exec(f.field);
          if (m) {
            const field = m[2] === "notes" ? "notes" : "amount";
            form.setError(`parts.${Number(m[1])}.${field}`, { type: "server", message: f.message }, { shouldFocus: true });
          } else if (f.field === "parts") form.setError("parts", { type: "server", message: f.message });
          else rest.push(f.message);
        }
        if (e.fields.length === 0) rest.push(e.message);
        setFormError(rest.length ? rest.join(" ") : null);
      } else {
        setFormError(e instanceof ApiError ? e.message : t.common.offlineForm);
      }
    }
  });

  if (!editing) {
    return (
      <div className="grid gap-2">
        {isSplit ? (
          <ul className="divide-y rounded-lg border text-sm" data-testid="split-parts">
            {tx.splits.map((p) => (
              <li key={p.id} className="flex items-center gap-3 px-3 py-2">
                <span className="min-w-0 flex-1 truncate">
                  {p.category_id ? (byId.get(p.category_id)?.name ?? "…") : s.uncategorized}
                  {p.notes && <span className="text-muted-foreground"> · {p.notes}</span>}
                </span>
                <span className="tabular">{formatMoney(p.amount, tx.currency, locale)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-muted-foreground">{s.notSplit}</p>
        )}
        <div className="flex flex-wrap gap-2">
          <Button
            variant="outline"
            size="sm"
            onClick={() => {
              form.reset(initial());
              setEditing(true);
              setMessage(null);
            }}
            data-testid="split-edit"
          >
            {isSplit ? s.editSplit : s.splitAction}
          </Button>
          {isSplit && (
            <Button
              variant="ghost"
              size="sm"
              disabled={unsplit.isPending}
              onClick={() => unsplit.mutate(undefined, { onSuccess: () => setMessage(s.splitRemoved) })}
            >
              {s.removeSplit}
            </Button>
          )}
        </div>
        <p role="status" className="text-sm text-muted-foreground empty:hidden">
          {message}
        </p>
      </div>
    );
  }

  const rootError = errors.parts?.root?.message ?? errors.parts?.message;
  return (
    <form
      className="grid gap-3"
      onSubmit={(e) => {
        // The server's word on the whole split is not a field's: it would hold the next
        // submit back, so it goes first.
        form.clearErrors("parts");
        void onSubmit(e);
      }}
      noValidate
      data-testid="split-form"
    >
      <p className="text-xs text-muted-foreground">{s.splitHint(formatMoney(Math.abs(total), tx.currency, locale), total < 0)}</p>
      <ol className="grid gap-3">
        {parts.fields.map((field, i) => {
          const amountError = errors.parts?.[i]?.amount?.message;
          const notesError = errors.parts?.[i]?.notes?.message;
          const category = watched[i]?.category_id ?? null;
          const name = category ? (byId.get(category)?.name ?? "…") : s.chooseCategory;
          return (
            <li key={field.id} className="grid gap-2 rounded-lg border p-3" data-testid="split-part">
              <div className="flex items-start gap-2">
                <div className="grid w-32 shrink-0 gap-1">
                  <label htmlFor={`split-${i}-amount`} className="text-xs font-medium">
                    {s.partAmount(i + 1)}
                  </label>
                  <Input
                    id={`split-${i}-amount`}
                    inputMode="decimal"
                    autoComplete="off"
                    aria-invalid={amountError ? true : undefined}
                    aria-describedby={amountError ? `split-${i}-amount-error` : undefined}
                    {...form.register(`parts.${i}.amount`)}
                  />
                </div>
                <div className="grid min-w-0 flex-1 gap-1">
                  <span className="text-xs font-medium" aria-hidden="true">
                    {s.columns.category}
                  </span>
                  <CategoryPicker
                    tree={tree}
                    value={category}
                    display={name}
                    label={`${name} — ${s.partCategory(i + 1)}`}
                    onChange={(id) => form.setValue(`parts.${i}.category_id`, id, { shouldDirty: true })}
                    allowNone
                    className="w-full"
                    field
                    tone={category ? "default" : "muted"}
                  />
                </div>
                {parts.fields.length > 2 && (
                  <Button
                    variant="ghost"
                    size="icon"
                    className="mt-5 shrink-0"
                    onClick={() => parts.remove(i)}
                    aria-label={s.removePart(i + 1)}
                  >
                    <X aria-hidden="true" />
                  </Button>
                )}
              </div>
              {amountError && (
                <p id={`split-${i}-amount-error`} role="alert" className="text-sm text-destructive">
                  {amountError}
                </p>
              )}
              <Input
                aria-label={s.partNotes(i + 1)}
                placeholder={s.notes}
                aria-invalid={notesError ? true : undefined}
                {...form.register(`parts.${i}.notes`)}
              />
              {notesError && (
                <p role="alert" className="text-sm text-destructive">
                  {notesError}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Button
          variant="outline"
          size="sm"
          disabled={parts.fields.length >= MAX_PARTS}
          onClick={() =>
            parts.append({ amount: remaining > 0 ? String(remaining) : "", category_id: null, notes: "" })
          }
        >
          <Plus aria-hidden="true" />
          {s.addPart}
        </Button>
        <span
          className={cn("text-sm tabular", remaining === 0 ? "text-positive" : "text-warning")}
          data-testid="split-remaining"
        >
          {remaining === 0
            ? s.splitBalanced
            : remaining > 0
              ? s.splitLeft(formatMoney(remaining, tx.currency, locale))
              : s.splitOver(formatMoney(-remaining, tx.currency, locale))}
        </span>
      </div>
      {rootError && (
        <p role="alert" className="text-sm text-destructive" data-testid="split-error">
          {rootError}
        </p>
      )}
      {formError && (
        <Alert variant="destructive" role="alert">
          {formError}
        </Alert>
      )}
      <div className="flex gap-2">
        <Button type="submit" disabled={split.isPending} data-testid="split-save">
          {split.isPending ? s.saving : s.saveSplit}
        </Button>
        <Button variant="ghost" onClick={() => setEditing(false)}>
          {t.common.cancel}
        </Button>
      </div>
    </form>
  );
}
