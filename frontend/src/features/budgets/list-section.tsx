"use client";

/**
 * What the budgets and the goals sections share: a heading with its "New" button, the
 * cards in a grid (or the skeleton, the error, the empty line), and the dialog that asks
 * before deleting one.
 */
import dynamic from "next/dynamic";
import { Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { FormError } from "@/features/auth/form-error";
import { useI18n } from "@/lib/i18n";
import { cn } from "@/lib/utils";
import { SectionError } from "./states";

// Loads when first opened, not with the page.
const ConfirmDialog = dynamic(() => import("@/components/ui/confirm-dialog").then((m) => m.ConfirmDialog), {
  ssr: false,
});

export function ListSection<T>({
  id,
  title,
  newLabel,
  onNew,
  testId,
  query,
  items,
  empty,
  itemKey,
  renderItem,
  listClassName,
  children,
}: {
  /** The heading's id, which names the section. */
  id: string;
  title: string;
  newLabel: string;
  onNew: () => void;
  testId: string;
  query: { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };
  items: T[] | undefined;
  empty: string;
  itemKey: (item: T) => string;
  renderItem: (item: T) => React.ReactNode;
  listClassName?: string;
  /** The section's dialogs. */
  children?: React.ReactNode;
}) {
  const { t } = useI18n();
  return (
    <section aria-labelledby={id} className="grid gap-4" data-testid={testId}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id={id} className="text-lg font-semibold">
          {title}
        </h2>
        <Button onClick={onNew}>
          <Plus aria-hidden="true" />
          {newLabel}
        </Button>
      </div>
      {query.isPending ? (
        <div className="grid gap-4 md:grid-cols-2 2xl:grid-cols-3" aria-busy="true">
          <span className="sr-only">{t.common.loading}</span>
          <Skeleton className="h-56 rounded-xl" />
          <Skeleton className="h-56 rounded-xl" />
        </div>
      ) : query.isError ? (
        <SectionError error={query.error} onRetry={() => void query.refetch()} />
      ) : !items?.length ? (
        <p className="rounded-xl border border-dashed p-6 text-sm text-muted-foreground">{empty}</p>
      ) : (
        <ul className={cn("grid gap-4 md:grid-cols-2 2xl:grid-cols-3", listClassName)}>
          {items.map((item) => (
            <li key={itemKey(item)} className="grid">
              {renderItem(item)}
            </li>
          ))}
        </ul>
      )}
      {children}
    </section>
  );
}

/** Asks before deleting `item` with `remove` (a delete mutation); closes once it is gone. */
export function ConfirmDelete<T extends { id: string }>({
  item,
  title,
  text,
  remove,
  onClose,
  onDeleted,
}: {
  item: T | null;
  title: string;
  text: string;
  remove: {
    isPending: boolean;
    isError: boolean;
    error: unknown;
    reset: () => void;
    mutate: (id: string, options: { onSuccess: () => void }) => void;
  };
  onClose: () => void;
  onDeleted?: () => void;
}) {
  const { t } = useI18n();
  return (
    <ConfirmDialog
      open={item !== null}
      onOpenChange={(open) => {
        if (!open) {
          remove.reset();
          onClose();
        }
      }}
      title={title}
      description={text}
      confirmLabel={t.budgetsPage.delete}
      cancelLabel={t.common.cancel}
      closeLabel={t.common.close}
      busy={remove.isPending}
      error={remove.isError ? <FormError error={remove.error} /> : null}
      onConfirm={() => {
        if (!item) return;
        remove.mutate(item.id, {
          onSuccess: () => {
            onClose();
            onDeleted?.();
          },
        });
      }}
    />
  );
}
