"use client";

import { useI18n } from "@/lib/i18n";
import type { CategoryNode } from "./data";

export const KINDS = ["expense", "income", "transfer"] as const;

/** A select's options for categories: grouped by kind, subcategories indented under their parent. */
export function CategoryOptions({ flat, exclude }: { flat: CategoryNode[]; exclude?: (node: CategoryNode) => boolean }) {
  const { t } = useI18n();
  return (
    <>
      {KINDS.map((kind) => {
        const nodes = flat.filter((n) => n.category.kind === kind && !exclude?.(n));
        if (nodes.length === 0) return null;
        return (
          <optgroup key={kind} label={t.rulesPage.kinds[kind]}>
            {nodes.map((n) => (
              <option key={n.category.id} value={n.category.id}>
                {"\u00a0\u00a0\u00a0".repeat(n.depth)}
                {n.category.name}
              </option>
            ))}
          </optgroup>
        );
      })}
    </>
  );
}
