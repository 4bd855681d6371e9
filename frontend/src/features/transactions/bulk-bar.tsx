"use client";

import { X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { useI18n } from "@/lib/i18n";
import { CategoryPicker } from "./category-picker";
import type { CategoryNode } from "./data";

/** With rows selected: how many, one category for all of them, and clearing the selection. */
export function BulkBar({
  count,
  tree,
  busy,
  onCategorize,
  onClear,
}: {
  count: number;
  tree: CategoryNode[];
  busy: boolean;
  onCategorize: (categoryId: string | null) => void;
  onClear: () => void;
}) {
  const { t } = useI18n();
  const s = t.transactions;
  if (count === 0) return null;
  return (
    <div
      className="sticky bottom-4 z-20 mx-auto flex w-full max-w-2xl flex-wrap items-center gap-3 rounded-xl border bg-popover p-3 text-sm text-popover-foreground shadow-lg"
      role="region"
      aria-label={s.bulkRegion}
      data-testid="bulk-bar"
    >
      <span className="font-medium tabular" aria-live="polite">
        {s.nSelectedRows(count)}
      </span>
      <CategoryPicker
        tree={tree}
        value={null}
        display={s.bulkCategorize}
        label={`${s.bulkCategorize} (${s.nSelectedRows(count)})`}
        onChange={onCategorize}
        allowNone
        disabled={busy}
        field
        buttonProps={{ "data-testid": "bulk-category" }}
      />
      <Button variant="ghost" size="sm" className="ml-auto" onClick={onClear}>
        <X aria-hidden="true" />
        {s.clearSelection}
      </Button>
    </div>
  );
}
