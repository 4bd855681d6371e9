"use client";

import { useState } from "react";
import dynamic from "next/dynamic";
import { ChevronDown, Link2, Pencil, PlusCircle, Trash2, X } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { Skeleton } from "@/components/ui/skeleton";
import { FormError } from "@/features/auth/form-error";
import { useI18n } from "@/lib/i18n";
import { formatDate, formatMoney, toNumber } from "@/lib/format";
import { cn } from "@/lib/utils";
import { ConfirmDelete, ListSection } from "./list-section";
import { SectionError } from "./states";
import { useContributions, useDeleteContribution, useDeleteGoal, useGoalProgress, useGoals, type Goal } from "./data";

// Dialogs (Radix, the forms and their checks) load when first opened, not with the page.
const GoalFormDialog = dynamic(() => import("./goal-forms").then((m) => m.GoalFormDialog), { ssr: false });
const ContributionDialog = dynamic(() => import("./goal-forms").then((m) => m.ContributionDialog), { ssr: false });

export function GoalList() {
  const { t } = useI18n();
  const b = t.budgetsPage;
  const goals = useGoals();
  const [editing, setEditing] = useState<Goal | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [deleting, setDeleting] = useState<Goal | null>(null);
  const [contributing, setContributing] = useState<Goal | null>(null);
  const remove = useDeleteGoal();

  const openForm = (goal: Goal | null) => {
    setEditing(goal);
    setFormOpen(true);
  };

  return (
    <ListSection
      id="goals-heading"
      title={b.goals}
      newLabel={b.newGoal}
      onNew={() => openForm(null)}
      testId="goals-section"
      query={goals}
      items={goals.data}
      empty={b.noGoals}
      itemKey={(goal) => goal.id}
      renderItem={(goal) => (
        <GoalCard
          goal={goal}
          onEdit={() => openForm(goal)}
          onDelete={() => setDeleting(goal)}
          onContribute={() => setContributing(goal)}
        />
      )}
      listClassName="items-start"
    >
      {formOpen && <GoalFormDialog open={formOpen} onOpenChange={setFormOpen} goal={editing} />}
      {contributing && (
        <ContributionDialog goal={contributing} onOpenChange={(open) => !open && setContributing(null)} />
      )}
      {deleting && (
        <ConfirmDelete
          item={deleting}
          title={b.deleteGoalTitle(deleting.name)}
          text={b.deleteGoalText}
          remove={remove}
          onClose={() => setDeleting(null)}
        />
      )}
    </ListSection>
  );
}

function GoalCard({
  goal,
  onEdit,
  onDelete,
  onContribute,
}: {
  goal: Goal;
  onEdit: () => void;
  onDelete: () => void;
  onContribute: () => void;
}) {
  const { t, locale, timeZone } = useI18n();
  const b = t.budgetsPage;
  const progress = useGoalProgress(goal.id);
  const [showContributions, setShowContributions] = useState(false);
  const money = (n: string | number) => formatMoney(n, goal.currency, locale);
  const titleId = `goal-${goal.id}`;
  const listId = `goal-${goal.id}-contributions`;
  const p = progress.data?.progress;
  const percent = p ? toNumber(p.percent) : 0;

  return (
    <Card aria-labelledby={titleId} className="flex flex-col" data-testid="goal-card">
      <CardHeader>
        <div className="grid min-w-0 gap-1">
          <CardTitle id={titleId} className="truncate">
            {goal.name}
          </CardTitle>
          <CardDescription>
            {goal.target_date ? b.targetBy(formatDate(goal.target_date, locale, timeZone)) : null}
          </CardDescription>
        </div>
        <div className="-mt-1 -mr-2 flex shrink-0 items-center gap-1">
          {p &&
            (p.achieved ? (
              <Badge variant="positive">{b.reached}</Badge>
            ) : p.on_track === true ? (
              <Badge variant="positive">{b.onTrack}</Badge>
            ) : p.on_track === false ? (
              <Badge variant="warning">{b.late}</Badge>
            ) : null)}
          <Button variant="ghost" size="icon" className="size-8" onClick={onEdit} aria-label={b.editItem(goal.name)}>
            <Pencil aria-hidden="true" />
          </Button>
          <Button variant="ghost" size="icon" className="size-8" onClick={onDelete} aria-label={b.deleteItem(goal.name)}>
            <Trash2 aria-hidden="true" />
          </Button>
        </div>
      </CardHeader>
      <CardContent className="flex flex-1 flex-col gap-4">
        {progress.isPending ? (
          <div className="grid gap-2" aria-busy="true">
            <span className="sr-only">{t.common.loading}</span>
            <Skeleton className="h-6 w-40" />
            <Skeleton className="h-2 w-full" />
            <Skeleton className="h-4 w-56" />
          </div>
        ) : progress.isError ? (
          <SectionError error={progress.error} onRetry={() => void progress.refetch()} />
        ) : (
          p && (
            <div className="grid gap-2">
              <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
                <span className="text-lg font-semibold tabular">{b.savedOf(money(p.saved), money(p.target_amount))}</span>
                {!p.achieved && <span className="text-sm text-muted-foreground">{b.toGo(money(p.remaining))}</span>}
              </div>
              <Progress
                value={percent}
                label={`${goal.name}: ${b.savedOf(money(p.saved), money(p.target_amount))}`}
                tone="default"
              />
              <p className="text-xs text-muted-foreground tabular">{`${Number(p.percent).toLocaleString(locale)}%`}</p>
              <p className="text-sm" data-testid="projection">
                {p.achieved
                  ? b.projection.reached
                  : p.projected_completion
                    ? p.on_track === false
                      ? b.projection.late(formatDate(p.projected_completion, locale, timeZone))
                      : b.projection.onTrack(formatDate(p.projected_completion, locale, timeZone))
                    : b.projection.noPace}
              </p>
              <p className="text-xs text-muted-foreground">{b.projection.rate(money(p.saved_last_90_days))}</p>
              {goal.account_id && (
                <p className="flex items-center gap-1.5 text-sm text-muted-foreground">
                  <Link2 className="size-4 shrink-0" aria-hidden="true" />
                  {b.followsAccount(goal.account_name ?? "")}
                </p>
              )}
            </div>
          )
        )}
        {!goal.account_id && (
          <div className="mt-auto flex flex-wrap items-center gap-2 border-t pt-3">
              <Button variant="outline" size="sm" onClick={onContribute}>
                <PlusCircle aria-hidden="true" />
                {b.addContribution}
              </Button>
              <Button
                variant="ghost"
                size="sm"
                aria-expanded={showContributions}
                aria-controls={listId}
                onClick={() => setShowContributions((v) => !v)}
              >
                <ChevronDown className={cn("transition-transform", showContributions && "rotate-180")} aria-hidden="true" />
                {showContributions ? b.hideContributions : b.showContributions}
              </Button>
          </div>
        )}
        {!goal.account_id && (
          <div id={listId} hidden={!showContributions}>
            {showContributions && <Contributions goal={goal} />}
          </div>
        )}
      </CardContent>
    </Card>
  );
}

function Contributions({ goal }: { goal: Goal }) {
  const { t, locale, timeZone } = useI18n();
  const b = t.budgetsPage;
  const list = useContributions(goal.id, true);
  const remove = useDeleteContribution(goal.id);
  if (list.isPending) return <Skeleton className="h-20 w-full" />;
  if (list.isError) return <SectionError error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.length === 0) return <p className="text-sm text-muted-foreground">{b.noContributions}</p>;
  return (
    <div className="grid gap-2">
      {remove.isError && <FormError error={remove.error} />}
      <table className="w-full text-sm">
        <caption className="sr-only">{`${b.contributions}: ${goal.name}`}</caption>
        <thead>
          <tr className="border-b text-left text-xs text-muted-foreground">
            <th scope="col" className="py-1.5 font-medium">
              {b.columns.date}
            </th>
            <th scope="col" className="py-1.5 text-right font-medium">
              {b.columns.amount}
            </th>
            <th scope="col" className="hidden py-1.5 pl-3 font-medium sm:table-cell">
              {b.columns.note}
            </th>
            <th scope="col" className="py-1.5 text-right font-medium">
              <span className="sr-only">{b.columns.actions}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.data.map((c) => {
            const amount = formatMoney(c.amount, goal.currency, locale, { signed: true });
            const date = formatDate(c.contributed_on, locale, timeZone);
            return (
              <tr key={c.id} className="border-b last:border-0">
                <td className="py-1.5 whitespace-nowrap">{date}</td>
                <td className={cn("py-1.5 text-right tabular", toNumber(c.amount) < 0 && "text-negative")}>{amount}</td>
                <td className="hidden max-w-40 truncate py-1.5 pl-3 text-muted-foreground sm:table-cell">{c.note}</td>
                <td className="py-1 text-right">
                  <Button
                    variant="ghost"
                    size="icon"
                    className="size-8"
                    disabled={remove.isPending}
                    onClick={() => remove.mutate(c.id)}
                    aria-label={b.removeContribution(amount, date)}
                  >
                    <X aria-hidden="true" />
                  </Button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
