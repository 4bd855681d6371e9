"use client";

import { useSearchParams } from "next/navigation";
import { DocumentTitle } from "@/components/shell/document-title";
import { useI18n } from "@/lib/i18n";
import { BudgetDetail } from "./budget-detail";
import { BudgetList } from "./budget-list";
import { GoalList } from "./goal-list";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `/budgets`: the budgets (this period) and the goals; `/budgets?budget=<id>&at=<day>`: one
 * budget's period holding that day, with the periods before it a click away.
 */
export function BudgetsPage() {
  const { t } = useI18n();
  const b = t.budgetsPage;
  const params = useSearchParams();
  const budgetId = params.get("budget");
  const at = params.get("at");
  return (
    <div className="grid gap-8">
      <DocumentTitle title={b.title} />
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{b.title}</h1>
        <p className="text-sm text-muted-foreground">{b.subtitle}</p>
      </div>
      {budgetId ? (
        <BudgetDetail id={budgetId} at={at && DAY.test(at) ? at : null} />
      ) : (
        <>
          <BudgetList />
          <GoalList />
        </>
      )}
    </div>
  );
}
