/**
 * Rules and categories: their data hooks. Rules run in `position` order (from 0); a PATCH
 * with `position` moves one and the others close up around it. A preview or an apply works
 * on the saved rule (the API has no preview of an unsaved one).
 */
import { useMemo } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import { unwrap } from "@/api/errors";
import { keys } from "@/api/keys";
import type { Category, Schemas } from "@/api/types";

export type Rule = Schemas["Rule"];
export type NewRule = Schemas["NewRule"];
export type RuleEdit = Schemas["RuleEdit"];
export type RulePreview = Schemas["RulePreview"];
export type AppliedCounts = Schemas["AppliedCounts"];
export type Trigger = Schemas["Trigger"];
export type RuleActions = Schemas["Actions"];
export type TextOp = Schemas["TextOp"];
export type Direction = Schemas["Direction"];
export type NewCategory = Schemas["NewCategory"];
export type CategoryEdit = Schemas["CategoryEdit"];

export function useRules() {
  return useQuery({
    queryKey: keys.rules,
    queryFn: async (): Promise<Rule[]> => unwrap(await api.GET("/api/v1/rules")),
  });
}

/** The list in order, with `rule` in place of its old self (or added). */
function withRule(list: Rule[] | undefined, rule: Rule): Rule[] {
  const rest = (list ?? []).filter((r) => r.id !== rule.id);
  return [...rest, rule].sort((a, b) => a.position - b.position);
}

export function useSaveRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, body }: { id: string | null; body: NewRule }): Promise<Rule> =>
      id
        ? unwrap(await api.PATCH("/api/v1/rules/{id}", { params: { path: { id } }, body }))
        : unwrap(await api.POST("/api/v1/rules", { body })),
    onSuccess: (rule) => {
      qc.setQueryData<Rule[]>(keys.rules, (old) => withRule(old, rule));
      void qc.invalidateQueries({ queryKey: keys.rules, exact: true });
    },
  });
}

/** Moves a rule to `to` (from 0): at once on screen, then on the server; back if it fails. */
export function useMoveRule() {
  const qc = useQueryClient();
  return useMutation({
    // One move after the other: each names a place in the order the one before left.
    scope: { id: "rules-order" },
    mutationFn: async ({ id, to }: { id: string; to: number }) =>
      unwrap(await api.PATCH("/api/v1/rules/{id}", { params: { path: { id } }, body: { position: to } })),
    onMutate: async ({ id, to }) => {
      await qc.cancelQueries({ queryKey: keys.rules, exact: true });
      const before = qc.getQueryData<Rule[]>(keys.rules);
      if (before) qc.setQueryData(keys.rules, moved(before, id, to));
      return { before };
    },
    onError: (_e, _v, context) => {
      if (context?.before) qc.setQueryData(keys.rules, context.before);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: keys.rules, exact: true }),
  });
}

/** `list` with the rule `id` at index `to`, positions renumbered from 0. */
export function moved(list: Rule[], id: string, to: number): Rule[] {
  const from = list.findIndex((r) => r.id === id);
  if (from < 0) return list;
  const next = [...list];
  const [rule] = next.splice(from, 1);
  next.splice(Math.max(0, Math.min(to, next.length)), 0, rule!);
  return next.map((r, i) => (r.position === i ? r : { ...r, position: i }));
}

export function useDeleteRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      unwrap(await api.DELETE("/api/v1/rules/{id}", { params: { path: { id } } }));
      return id;
    },
    onSuccess: (id) => {
      qc.setQueryData<Rule[]>(keys.rules, (old) => old?.filter((r) => r.id !== id));
      void qc.invalidateQueries({ queryKey: keys.rules, exact: true });
    },
  });
}

/**
 * What the saved rule matches now. Keyed by the rule's `updated_at`, so every save asks
 * again: the preview follows the rule as it is stored.
 */
export function useRulePreview(rule: Rule | null) {
  return useQuery({
    queryKey: keys.rulePreview(rule?.id ?? "", rule?.updated_at ?? ""),
    queryFn: async (): Promise<RulePreview> =>
      unwrap(await api.POST("/api/v1/rules/{id}/preview", { params: { path: { id: rule!.id } } })),
    enabled: !!rule,
    staleTime: 0,
  });
}

/** Runs the rule over existing transactions; what shows them (and the reports) asks again. */
export function useApplyRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (id: string): Promise<AppliedCounts> =>
      unwrap(await api.POST("/api/v1/rules/{id}/apply", { params: { path: { id } } })),
    onSuccess: (_counts, id) => {
      void qc.invalidateQueries({ queryKey: ["rules", id] });
      void qc.invalidateQueries({ queryKey: keys.transactions });
      void qc.invalidateQueries({ queryKey: keys.analytics });
    },
  });
}

// ---- categories ----

export function useCategories() {
  return useQuery({
    queryKey: keys.categories,
    queryFn: async (): Promise<Category[]> => unwrap(await api.GET("/api/v1/categories")),
    staleTime: 5 * 60_000,
  });
}

export interface CategoryNode {
  category: Category;
  depth: number;
  children: CategoryNode[];
}

/** The categories as a tree, in the API's order (parents first, each followed by its children). */
export function useCategoryTree(categories: Category[] | undefined) {
  return useMemo(() => {
    const byParent = new Map<string | null, Category[]>();
    const ids = new Set((categories ?? []).map((c) => c.id));
    for (const c of categories ?? []) {
      // A parent missing from the list (archived) leaves its children at the top.
      const parent = c.parent_id && ids.has(c.parent_id) ? c.parent_id : null;
      byParent.set(parent, [...(byParent.get(parent) ?? []), c]);
    }
    const build = (parent: string | null, depth: number): CategoryNode[] =>
      (byParent.get(parent) ?? []).map((category) => ({ category, depth, children: build(category.id, depth + 1) }));
    const roots = build(null, 0);
    const flat: CategoryNode[] = [];
    const walk = (nodes: CategoryNode[]) =>
      nodes.forEach((n) => {
        flat.push(n);
        walk(n.children);
      });
    walk(roots);
    return { roots, flat };
  }, [categories]);
}

function useCategoryChanged() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: keys.categories }),
      qc.invalidateQueries({ queryKey: keys.analytics }),
      qc.invalidateQueries({ queryKey: keys.transactions }),
    ]);
}

export function useCreateCategory() {
  const changed = useCategoryChanged();
  return useMutation({
    mutationFn: async (body: NewCategory): Promise<Category> => unwrap(await api.POST("/api/v1/categories", { body })),
    onSuccess: () => changed(),
  });
}

export function useUpdateCategory() {
  const changed = useCategoryChanged();
  return useMutation({
    mutationFn: async ({ id, body }: { id: string; body: CategoryEdit }): Promise<Category> =>
      unwrap(await api.PATCH("/api/v1/categories/{id}", { params: { path: { id } }, body })),
    onSuccess: () => changed(),
  });
}

export function useDeleteCategory() {
  const changed = useCategoryChanged();
  return useMutation({
    mutationFn: async (id: string) => {
      unwrap(await api.DELETE("/api/v1/categories/{id}", { params: { path: { id } } }));
    },
    onSuccess: () => changed(),
  });
}
