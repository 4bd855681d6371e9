"use client";

/**
 * One row in a side panel: its category, merchant name, notes and tags; the split editor;
 * the transfer it is half of (or a way to link one); and deleting it.
 */
import { useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import * as Dialog from "@radix-ui/react-dialog";
import { ArrowLeftRight, Trash2 } from "lucide-react";
import { ApiError } from "@/api/errors";
import type { Account } from "@/api/types";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Label } from "@/components/ui/label";
import { Sheet, SheetContent, SheetDescription, SheetTitle } from "@/components/ui/sheet";
import { Skeleton } from "@/components/ui/skeleton";
import { showServerErrors } from "@/lib/forms";
import { useI18n } from "@/lib/i18n";
import { formatDate, formatMoney, toNumber } from "@/lib/format";
import { cn } from "@/lib/utils";
import { CategoryPicker } from "./category-picker";
import { Textarea } from "./controls";
import {
  useCategories,
  useDeleteTransaction,
  useEditTransaction,
  useLinkTransfer,
  useTransaction,
  useTransferCandidates,
  useUnlinkTransfer,
  type Row,
  type TransactionDetail,
} from "./data";
import { HoverTip, SourceBadge } from "./source-badge";
import { SplitEditor } from "./split-editor";
import { merchantOf } from "./transaction-table";

export function TransactionDrawer({
  id,
  row,
  accounts,
  onClose,
  onRecategorize,
  returnFocus,
}: {
  id: string | null;
  /** The row as the table has it, shown until the detail arrives. */
  row: Row | undefined;
  accounts: Map<string, Account>;
  onClose: () => void;
  onRecategorize: (row: Row, categoryId: string | null) => void;
  /** Puts focus back where the drawer was opened from. */
  returnFocus: () => void;
}) {
  const { t } = useI18n();
  const detail = useTransaction(id);
  const tx = detail.data ?? (row ? { ...row, splits: [] } : undefined);
  return (
    <Sheet open={id !== null} onOpenChange={(o) => !o && onClose()}>
      <SheetContent
        closeLabel={t.common.close}
        className="max-w-lg overflow-y-auto px-5 sm:px-6"
        aria-describedby={undefined}
        onCloseAutoFocus={(e) => {
          // Opened from a row, not from a trigger of its own: focus goes back to that row.
          e.preventDefault();
          returnFocus();
        }}
        data-testid="tx-drawer"
      >
        {tx ? (
          <DrawerBody
            key={tx.id}
            tx={tx}
            loaded={Boolean(detail.data)}
            account={accounts.get(tx.account_id)}
            accounts={accounts}
            onClose={onClose}
            onRecategorize={onRecategorize}
          />
        ) : (
          <>
            <SheetTitle className="sr-only">{t.transactions.details}</SheetTitle>
            <div className="grid gap-3" aria-busy="true">
              <Skeleton className="h-8 w-2/3" />
              <Skeleton className="h-24" />
              <Skeleton className="h-40" />
            </div>
          </>
        )}
      </SheetContent>
    </Sheet>
  );
}

function DrawerBody({
  tx,
  loaded,
  account,
  accounts,
  onClose,
  onRecategorize,
}: {
  tx: TransactionDetail;
  loaded: boolean;
  account: Account | undefined;
  accounts: Map<string, Account>;
  onClose: () => void;
  onRecategorize: (row: Row, categoryId: string | null) => void;
}) {
  const { t, locale, timeZone } = useI18n();
  const s = t.transactions;
  const { tree, byId } = useCategories();
  const amount = toNumber(tx.amount);
  const category = tx.category_id ? byId.get(tx.category_id) : undefined;
  const display = category?.name ?? (tx.needs_review ? s.needsReview : s.uncategorized);
  const categoryRef = useRef<HTMLElement>(null);
  return (
    <div className="grid gap-6 pb-4">
      <div className="grid gap-1 pr-8">
        <SheetTitle className="break-words">{merchantOf(tx)}</SheetTitle>
        <SheetDescription className="break-words">{tx.description}</SheetDescription>
        <p className={cn("text-2xl font-semibold tabular", amount < 0 ? "text-negative" : "text-positive")}>
          {formatMoney(tx.amount, tx.currency, locale, { signed: amount > 0 })}
        </p>
        <p className="text-sm text-muted-foreground">
          {formatDate(tx.booked_at, locale, timeZone)} ·{" "}
          {account?.name ?? ""}
          {tx.status === "pending" ? ` · ${s.pending}` : ""}
        </p>
        {tx.payee && tx.payee !== merchantOf(tx) && (
          <p className="text-xs text-muted-foreground">
            {s.payee}: {tx.payee}
          </p>
        )}
      </div>

      <section className="grid gap-2" aria-labelledby="drawer-category" ref={categoryRef}>
        <h3 id="drawer-category" className="text-sm font-semibold">
          {s.columns.category}
        </h3>
        <div className="flex flex-wrap items-center gap-2">
          <CategoryPicker
            tree={tree}
            value={tx.category_id ?? null}
            display={display}
            label={`${display} — ${s.changeCategory(merchantOf(tx))}`}
            onChange={(id) => onRecategorize(tx, id)}
            allowNone
            field
            tone={category ? "default" : tx.needs_review ? "warning" : "muted"}
            buttonProps={{ "data-testid": "drawer-category" }}
          />
          {category && <SourceBadge source={tx.category_source} confidence={tx.category_confidence} icon />}
        </div>
        <HoverTip container={categoryRef} />
        {tx.splits.length > 0 && <p className="text-xs text-muted-foreground">{s.splitNote}</p>}
      </section>

      <DetailsForm tx={tx} />

      <section className="grid gap-2" aria-labelledby="drawer-split">
        <h3 id="drawer-split" className="text-sm font-semibold">
          {s.split}
        </h3>
        {loaded ? <SplitEditor tx={tx} /> : <Skeleton className="h-20" />}
      </section>

      <TransferSection tx={tx} accounts={accounts} />

      <DeleteButton tx={tx} onDeleted={onClose} />
    </div>
  );
}

function DetailsForm({ tx }: { tx: TransactionDetail }) {
  const { t } = useI18n();
  const s = t.transactions;
  const edit = useEditTransaction(tx.id);
  const [saved, setSaved] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const schema = z.object({
    merchant: z.string().max(200, t.validation.max(200)),
    notes: z.string().max(2000, t.validation.max(2000)),
    tags: z
      .string()
      .refine((v) => v.split(",").map((x) => x.trim()).filter(Boolean).length <= 20, s.tagsMax)
      .refine((v) => v.split(",").every((x) => x.trim().length <= 50), t.validation.max(50)),
  });
  type Values = z.infer<typeof schema>;
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { merchant: tx.merchant ?? "", notes: tx.notes ?? "", tags: tx.tags.join(", ") },
  });
  const { errors } = form.formState;
  const onSubmit = form.handleSubmit(async (v) => {
    setSaved(false);
    setFormError(null);
    const tags = v.tags.split(",").map((x) => x.trim()).filter(Boolean);
    const merchant = v.merchant.trim();
    try {
      await edit.mutateAsync({
        ...(merchant !== (tx.merchant ?? "") ? { merchant: merchant || null } : {}),
        notes: v.notes.trim() || null,
        tags,
      });
      form.reset({ merchant, notes: v.notes.trim(), tags: tags.join(", ") });
      setSaved(true);
    } catch (e) {
      const rest = showServerErrors(e, form.setError, ["merchant", "notes", "tags"], {
        ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`tags[${i}]`, "tags" as const])),
      });
      setFormError(
        e instanceof ApiError ? (rest.length ? rest.join(" ") : null) : t.common.offlineForm,
      );
    }
  });
  return (
    <form className="grid gap-3" onSubmit={onSubmit} noValidate aria-labelledby="drawer-details">
      <h3 id="drawer-details" className="text-sm font-semibold">
        {s.detailsSection}
      </h3>
      <Field
        id="tx-merchant"
        label={s.merchantName}
        hint={s.merchantHint}
        error={errors.merchant?.message}
        {...form.register("merchant")}
      />
      <div className="grid gap-1.5">
        <Label htmlFor="tx-notes">{s.notes}</Label>
        <Textarea
          id="tx-notes"
          rows={3}
          aria-invalid={errors.notes ? true : undefined}
          aria-describedby={errors.notes ? "tx-notes-error" : undefined}
          {...form.register("notes")}
        />
        {errors.notes && (
          <p id="tx-notes-error" role="alert" className="text-sm text-destructive">
            {errors.notes.message}
          </p>
        )}
      </div>
      <Field id="tx-tags" label={s.tags} hint={s.tagsHint} error={errors.tags?.message} {...form.register("tags")} />
      {formError && (
        <Alert variant="destructive" role="alert">
          {formError}
        </Alert>
      )}
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={edit.isPending || !form.formState.isDirty}>
          {edit.isPending ? s.saving : s.save}
        </Button>
        <span role="status" className="text-sm text-muted-foreground">
          {saved && !form.formState.isDirty ? s.saved : ""}
        </span>
      </div>
    </form>
  );
}

function TransferSection({ tx, accounts }: { tx: TransactionDetail; accounts: Map<string, Account> }) {
  const { t, locale, timeZone } = useI18n();
  const s = t.transactions;
  const [picking, setPicking] = useState(false);
  const candidates = useTransferCandidates(tx, picking && !tx.transfer_id);
  // The other half: `transfer_id` is its id.
  const other = useTransaction(tx.transfer_id ?? null);
  const link = useLinkTransfer(tx.id);
  const unlink = useUnlinkTransfer(tx.id);
  const [message, setMessage] = useState<string | null>(null);
  const error = link.error ?? unlink.error;
  return (
    <section className="grid gap-2" aria-labelledby="drawer-transfer">
      <h3 id="drawer-transfer" className="flex items-center gap-2 text-sm font-semibold">
        <ArrowLeftRight className="size-4" aria-hidden="true" />
        {s.transfer}
      </h3>
      {tx.transfer_id ? (
        <div className="grid gap-2 rounded-lg border p-3 text-sm" data-testid="transfer-linked">
          <span>{s.linkedTransfer}</span>
          {other.data && (
            <span className="flex items-center gap-3 rounded-md bg-muted/60 px-2 py-1.5">
              <span className="w-20 shrink-0 text-muted-foreground tabular">
                {formatDate(other.data.booked_at, locale, timeZone, "short")}
              </span>
              <span className="min-w-0 flex-1">
                <span className="block truncate">{merchantOf(other.data)}</span>
                <span className="block truncate text-xs text-muted-foreground">
                  {accounts.get(other.data.account_id)?.name}
                </span>
              </span>
              <span className="tabular">{formatMoney(other.data.amount, other.data.currency, locale)}</span>
            </span>
          )}
          <Button
            variant="outline"
            size="sm"
            className="justify-self-start"
            disabled={unlink.isPending}
            onClick={() => unlink.mutate(undefined, { onSuccess: () => setMessage(s.unlinked) })}
          >
            {s.unlink}
          </Button>
        </div>
      ) : !picking ? (
        <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
          <span className="text-muted-foreground">{s.notTransfer}</span>
          <Button variant="outline" size="sm" onClick={() => setPicking(true)}>
            {s.linkTransfer}
          </Button>
        </div>
      ) : candidates.isPending ? (
        <Skeleton className="h-20" />
      ) : candidates.isError ? (
        <p className="text-sm text-destructive">{t.common.error}</p>
      ) : candidates.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">{s.noCandidates}</p>
      ) : (
        <div className="grid gap-1.5">
          <p className="text-sm text-muted-foreground">{s.pickOtherHalf}</p>
          <ul className="divide-y rounded-lg border">
            {candidates.data.map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  className="flex w-full items-center gap-3 px-3 py-2 text-left text-sm hover:bg-muted/60 disabled:opacity-60"
                  disabled={link.isPending}
                  onClick={() =>
                    link.mutate(c.id, {
                      onSuccess: () => {
                        setPicking(false);
                        setMessage(s.linked);
                      },
                    })
                  }
                >
                  <span className="w-20 shrink-0 text-muted-foreground tabular">
                    {formatDate(c.booked_at, locale, timeZone, "short")}
                  </span>
                  <span className="min-w-0 flex-1">
                    <span className="block truncate">{merchantOf(c)}</span>
                    <span className="block truncate text-xs text-muted-foreground">{accounts.get(c.account_id)?.name}</span>
                  </span>
                  <span className="tabular">{formatMoney(c.amount, c.currency, locale)}</span>
                </button>
              </li>
            ))}
          </ul>
          <Button variant="ghost" size="sm" className="justify-self-start" onClick={() => setPicking(false)}>
            {t.common.cancel}
          </Button>
        </div>
      )}
      {error && (
        <Alert variant="destructive" role="alert">
          {error instanceof ApiError ? error.message : t.common.error}
        </Alert>
      )}
      <p role="status" className="text-sm text-muted-foreground empty:hidden">
        {message}
      </p>
    </section>
  );
}

function DeleteButton({ tx, onDeleted }: { tx: TransactionDetail; onDeleted: () => void }) {
  const { t } = useI18n();
  const s = t.transactions;
  const del = useDeleteTransaction();
  const [open, setOpen] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <Button variant="outline" className="justify-self-start text-destructive" data-testid="delete-transaction">
          <Trash2 aria-hidden="true" />
          {s.delete}
        </Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-50 bg-black/50" />
        <Dialog.Content
          role="alertdialog"
          className="fixed top-1/2 left-1/2 z-50 grid w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 gap-4 rounded-xl border bg-popover p-6 text-popover-foreground shadow-lg"
        >
          <Dialog.Title className="text-lg font-semibold">{s.deleteTitle}</Dialog.Title>
          <Dialog.Description className="text-sm text-muted-foreground">{s.deleteText(merchantOf(tx))}</Dialog.Description>
          {del.isError && (
            <Alert variant="destructive" role="alert">
              {del.error instanceof ApiError ? del.error.message : t.common.error}
            </Alert>
          )}
          <div className="flex justify-end gap-2">
            <Dialog.Close asChild>
              <Button variant="outline">{t.common.cancel}</Button>
            </Dialog.Close>
            <Button
              variant="destructive"
              disabled={del.isPending}
              onClick={() =>
                del.mutate(tx.id, {
                  onSuccess: () => {
                    setOpen(false);
                    onDeleted();
                  },
                })
              }
            >
              {s.deleteConfirm}
            </Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
