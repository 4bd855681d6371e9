"use client";

import { useI18n } from "@/lib/i18n";
import type { CategoryNode } from "./data";

export const KINDS = ["expense", "income", "transfer"] as const;

/**
 * A select's options for categories: grouped by kind, in tree order, a subcategory named
 * with its parents ("Food & Dining › Groceries"), so the closed select says which one it is.
 */
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
                {pathOf(n, flat)}
              </option>
            ))}
          </optgroup>
        );
      })}
    </>
  );
}

function pathOf(node: CategoryNode, flat: CategoryNode[]): string {
  const names = [node.category.name];
  let parent = node.category.parent_id;
  for (let guard = 0; parent && guard < 20; guard++) {
    const p = flat.find((n) => n.category.id === parent);
    if (!p) break;
    names.unshift(p.category.name);
    parent = p.category.parent_id;
  }
  return names.join(" › ");
}
