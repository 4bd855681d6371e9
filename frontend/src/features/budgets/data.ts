/**
 * Budgets and goals: the data hooks (through the typed client) and the arithmetic the cards
 * draw from (pace against the even line, the periods before and after). Components never fetch.
 */
import { useMemo } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import { ApiError, unwrap } from "@/api/errors";
import { keys } from "@/api/keys";
import type { Schemas } from "@/api/types";
import { daysBetweenInclusive, toNumber } from "@/lib/format";

export type Budget = Schemas["Budget"];
export type BudgetInput = Schemas["BudgetRequest"];
export type BudgetWithProgress = Schemas["BudgetWithProgress"];
export type BudgetProgress = Schemas["BudgetProgress"];
export type Goal = Schemas["Goal"];
export type GoalInput = Schemas["GoalRequest"];
export type GoalWithProgress = Schemas["GoalWithProgress"];
export type Contribution = Schemas["Contribution"];
export type ContributionInput = Schemas["NewContribution"];

export const PERIODS = ["weekly", "monthly", "yearly"] as const;
export const ROLLOVERS = ["none", "surplus", "deficit", "both"] as const;

/** A budget's progress is missing an exchange rate: the server's words name the pair and day. */
export function missingRate(error: unknown): string | null {
  return error instanceof ApiError && error.code === "fx_rate_missing" ? error.message : null;
}

export function useBudgets() {
  return useQuery({
    queryKey: keys.budgets,
    queryFn: async (): Promise<Budget[]> => unwrap(await api.GET("/api/v1/budgets")),
  });
}

/** The period holding `at` (a day, `YYYY-MM-DD`), or today's when null. */
export function useBudgetProgress(id: string, at: string | null, enabled = true) {
  return useQuery({
    enabled,
    queryKey: keys.budgetProgress(id, at),
    queryFn: async (): Promise<BudgetWithProgress> =>
      unwrap(
        await api.GET("/api/v1/budgets/{id}/progress", {
          params: { path: { id }, query: { at: at ?? undefined } },
        }),
      ),
    placeholderData: (previous) => (previous?.budget.id === id ? previous : undefined),
  });
}

function useInvalidateBudgets() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: keys.budgets }),
      // The overview's summary carries the budgets too.
      qc.invalidateQueries({ queryKey: keys.analytics }),
    ]);
}

export function useSaveBudget() {
  const invalidate = useInvalidateBudgets();
  return useMutation({
    mutationFn: async ({ id, body }: { id: string | null; body: BudgetInput }): Promise<Budget> =>
      id
        ? unwrap(await api.PATCH("/api/v1/budgets/{id}", { params: { path: { id } }, body }))
        : unwrap(await api.POST("/api/v1/budgets", { body })),
    onSuccess: () => invalidate(),
  });
}

export function useDeleteBudget() {
  const qc = useQueryClient();
  const invalidate = useInvalidateBudgets();
  return useMutation({
    mutationFn: async (id: string) => {
      unwrap(await api.DELETE("/api/v1/budgets/{id}", { params: { path: { id } } }));
    },
    onSuccess: (_data, id) => {
      // Its periods are gone: asking again would only meet a 404.
      qc.removeQueries({ queryKey: keys.budget(id) });
      qc.setQueryData<Budget[]>(keys.budgets, (old) => old?.filter((b) => b.id !== id));
      return invalidate();
    },
  });
}

export function useGoals() {
  return useQuery({
    queryKey: keys.goals,
    queryFn: async (): Promise<Goal[]> => unwrap(await api.GET("/api/v1/goals")),
  });
}

export function useGoalProgress(id: string) {
  return useQuery({
    queryKey: keys.goalProgress(id),
    queryFn: async (): Promise<GoalWithProgress> =>
      unwrap(await api.GET("/api/v1/goals/{id}/progress", { params: { path: { id } } })),
  });
}

export function useContributions(id: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.goalContributions(id),
    queryFn: async (): Promise<Contribution[]> =>
      unwrap(await api.GET("/api/v1/goals/{id}/contributions", { params: { path: { id } } })),
    enabled,
  });
}

export function useSaveGoal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, body }: { id: string | null; body: GoalInput }): Promise<Goal> =>
      id
        ? unwrap(await api.PATCH("/api/v1/goals/{id}", { params: { path: { id } }, body }))
        : unwrap(await api.POST("/api/v1/goals", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.goals }),
  });
}

export function useDeleteGoal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      unwrap(await api.DELETE("/api/v1/goals/{id}", { params: { path: { id } } }));
    },
    onSuccess: (_data, id) => {
      // Its progress and contributions are gone: asking again would only meet a 404.
      qc.setQueryData<Goal[]>(keys.goals, (old) => old?.filter((g) => g.id !== id));
      qc.removeQueries({ queryKey: keys.goal(id) });
      return qc.invalidateQueries({ queryKey: keys.goals, exact: true });
    },
  });
}

export function useAddContribution(goalId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: ContributionInput): Promise<Contribution> =>
      unwrap(await api.POST("/api/v1/goals/{id}/contributions", { params: { path: { id: goalId } }, body })),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: keys.goalProgress(goalId) }),
        qc.invalidateQueries({ queryKey: keys.goalContributions(goalId) }),
      ]),
  });
}

export function useDeleteContribution(goalId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (contributionId: string) => {
      unwrap(
        await api.DELETE("/api/v1/goals/{id}/contributions/{contribution_id}", {
          params: { path: { id: goalId, contribution_id: contributionId } },
        }),
      );
    },
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: keys.goalProgress(goalId) }),
        qc.invalidateQueries({ queryKey: keys.goalContributions(goalId) }),
      ]),
  });
}

/** Expense categories (the ones a budget may name), each parent before its subcategories. */
export function useExpenseCategories() {
  const query = useQuery({
    queryKey: keys.categories,
    queryFn: async () => unwrap(await api.GET("/api/v1/categories")),
    staleTime: 5 * 60_000,
  });
  const categories = useMemo(() => (query.data ?? []).filter((c) => c.kind === "expense"), [query.data]);
  return { ...query, categories };
}

/** A day `n` days from `day` (both `YYYY-MM-DD`). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export type PaceState = "ahead" | "on" | "behind";

export interface Pace {
  /** How much of the period is gone, 0 to 1 (1 for a past period, 0 for a future one). */
  elapsed: number;
  /** What the even line says should be spent by now. */
  expected: number;
  /** Spent less expected: above zero runs ahead of the line. */
  difference: number;
  state: PaceState;
}

/**
 * Spending against the even line: a steady spend of `available` over the period. Ahead
 * means faster than the line (more than 5 % over it), behind means slower (under 90 %).
 */
export function paceOf(progress: BudgetProgress, today: string): Pace {
  const spent = toNumber(progress.spent);
  const available = toNumber(progress.available);
  const total = Math.max(1, daysBetweenInclusive(progress.period_start, progress.period_end));
  const gone = Math.min(total, Math.max(0, daysBetweenInclusive(progress.period_start, today)));
  const elapsed = gone / total;
  const expected = Math.max(0, available) * elapsed;
  const difference = spent - expected;
  const state: PaceState =
    available <= 0
      ? spent > 0
        ? "ahead"
        : "on"
      : spent > expected * 1.05 + 0.005
        ? "ahead"
        : spent < expected * 0.9
          ? "behind"
          : "on";
  return { elapsed, expected, difference, state };
}

/**
 * The period of a budget holding `day`, worked out here: weekly runs Monday to Sunday,
 * monthly and yearly follow the calendar (the server's rule). Lets the page move between
 * periods even when the server cannot total one (a missing exchange rate).
 */
export function periodAround(period: string, day: string): { start: string; end: string } {
  const [y = 1970, m = 1] = day.split("-").map(Number);
  if (period === "weekly") {
    const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
    const start = addDays(day, -weekday);
    return { start, end: addDays(start, 6) };
  }
  if (period === "yearly") return { start: `${y}-01-01`, end: `${y}-12-31` };
  const start = `${y}-${String(m).padStart(2, "0")}-01`;
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
  return { start, end: addDays(next, -1) };
}

/** Whether `today` falls before, inside or after the period. */
export function periodTense(
  period: { period_start: string; period_end: string },
  today: string,
): "past" | "current" | "future" {
  if (today > period.period_end) return "past";
  if (today < period.period_start) return "future";
  return "current";
}
