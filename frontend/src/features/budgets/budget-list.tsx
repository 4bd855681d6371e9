"use client";

import { useState } from "react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { History, Pencil, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useI18n } from "@/lib/i18n";
import { formatDate, todayIn } from "@/lib/format";
import { BudgetProgressView } from "./budget-progress-view";
import { ConfirmDelete, ListSection } from "./list-section";
import { MissingRate } from "./states";
import { useSummary } from "@/features/overview/data";
import type { SummaryBudget } from "@/api/types";
import { periodAround, useDeleteBudget, type Budget } from "./data";

// The dialog (Radix, the form and its checks) loads when first opened, not with the page.
const BudgetFormDialog = dynamic(() => import("./budget-form").then((m) => m.BudgetFormDialog), { ssr: false });

export function BudgetList() {
  const { t } = useI18n();
  const b = t.budgetsPage;
  // The summary carries every budget with its current period (or the missing rate): one
  // request for the whole list, shared with the overview.
  const summary = useSummary();
  const [editing, setEditing] = useState<Budget | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [deleting, setDeleting] = useState<Budget | null>(null);

  const openForm = (budget: Budget | null) => {
    setEditing(budget);
    setFormOpen(true);
  };

  return (
    <ListSection
      id="budgets-heading"
      title={b.budgets}
      newLabel={b.newBudget}
      onNew={() => openForm(null)}
      testId="budgets-section"
      query={summary}
      items={summary.data?.budgets}
      empty={b.noBudgets}
      itemKey={(entry) => entry.budget.id}
      renderItem={(entry) => (
        <BudgetCard entry={entry} onEdit={() => openForm(entry.budget)} onDelete={() => setDeleting(entry.budget)} />
      )}
    >
      {formOpen && <BudgetFormDialog open={formOpen} onOpenChange={setFormOpen} budget={editing} />}
      {deleting && <DeleteBudget budget={deleting} onClose={() => setDeleting(null)} />}
    </ListSection>
  );
}

function BudgetCard({
  entry: { budget, progress, missing_rate },
  onEdit,
  onDelete,
}: {
  entry: SummaryBudget;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const { t, locale, timeZone } = useI18n();
  const b = t.budgetsPage;
  const titleId = `budget-${budget.id}`;
  // Without progress (a missing rate) the period is still known: the calendar says it.
  const period = progress
    ? { start: progress.period_start, end: progress.period_end }
    : periodAround(budget.period, todayIn(timeZone));
  const range = b.periodRange(formatDate(period.start, locale, timeZone), formatDate(period.end, locale, timeZone));
  return (
    <Card aria-labelledby={titleId} className="flex flex-col" data-testid="budget-card">
      <CardHeader>
        <div className="grid min-w-0 gap-1">
          <CardTitle id={titleId} className="truncate">
            {budget.name}
          </CardTitle>
          <CardDescription>
            {budget.category_name ?? b.allSpending} · {b.period[budget.period] ?? budget.period}
            {` · ${range}`}
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent className="flex flex-1 flex-col gap-4">
        <div className="flex-1">
          {progress ? (
            <BudgetProgressView name={budget.name} currency={budget.currency} progress={progress} />
          ) : (
            <MissingRate detail={missing_rate ?? ""} />
          )}
        </div>
        <div className="flex flex-wrap items-center gap-2 border-t pt-3">
          <Button asChild variant="outline" size="sm">
            <Link href={`/budgets?budget=${encodeURIComponent(budget.id)}`} aria-label={b.historyOf(budget.name)}>
              <History aria-hidden="true" />
              {b.history}
            </Link>
          </Button>
          <span className="flex-1" />
          <Button variant="ghost" size="sm" onClick={onEdit} aria-label={b.editItem(budget.name)}>
            <Pencil aria-hidden="true" />
            <span className="hidden sm:inline">{b.edit}</span>
          </Button>
          <Button variant="ghost" size="sm" onClick={onDelete} aria-label={b.deleteItem(budget.name)}>
            <Trash2 aria-hidden="true" />
            <span className="hidden sm:inline">{b.delete}</span>
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}

export function DeleteBudget({
  budget,
  onClose,
  onDeleted,
}: {
  budget: Budget | null;
  onClose: () => void;
  onDeleted?: () => void;
}) {
  const { t } = useI18n();
  const b = t.budgetsPage;
  const remove = useDeleteBudget();
  return (
    <ConfirmDelete
      item={budget}
      title={budget ? b.deleteBudgetTitle(budget.name) : ""}
      text={b.deleteBudgetText}
      remove={remove}
      onClose={onClose}
      onDeleted={onDeleted}
    />
  );
}
