"use client";

/**
 * The review queue: rows the categorizer was not sure about, one card per merchant, the
 * card that settles most rows first. A suggestion is one click, for every waiting row of
 * the merchant (and its later rows follow); a group opened shows its rows, each with its
 * own suggestions for that row only.
 */
import { useState } from "react";
import { CheckCircle2, ChevronDown, ChevronRight } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { ApiError } from "@/api/errors";
import { useI18n } from "@/lib/i18n";
import { formatDate, formatMoney, formatPercent, toNumber } from "@/lib/format";
import { cn } from "@/lib/utils";
import { CategoryPicker } from "./category-picker";
import { useAccept, useCategories, useReviewQueue, useReviewRows, type ReviewGroup } from "./data";
import { merchantOf } from "./transaction-table";

export function ReviewQueue({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useI18n();
  const tx = t.transactions;
  const queue = useReviewQueue(true);
  const accept = useAccept();
  const [done, setDone] = useState<string | null>(null);

  if (queue.isPending) {
    return (
      <div className="grid gap-3" aria-busy="true">
        <span className="sr-only">{t.common.loading}</span>
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-32 rounded-xl" />
        ))}
      </div>
    );
  }
  if (queue.isError) {
    return (
      <Alert variant="destructive" role="alert" className="flex flex-wrap items-center justify-between gap-3">
        <span>{t.common.error}</span>
        <Button variant="outline" size="sm" onClick={() => void queue.refetch()}>
          {t.common.retry}
        </Button>
      </Alert>
    );
  }
  const groups = queue.data;
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-3" data-testid="review-queue">
      <p role="status" className="text-sm text-muted-foreground empty:hidden">
        {done}
      </p>
      {accept.isError && (
        <Alert variant="destructive" role="alert">
          {accept.error instanceof ApiError ? accept.error.message : t.common.error}
        </Alert>
      )}
      {groups.length === 0 ? (
        <div className="flex flex-col items-center gap-3 rounded-xl border border-dashed p-10 text-center" data-testid="review-empty">
          <CheckCircle2 className="size-8 text-positive" aria-hidden="true" />
          <p className="font-medium">{tx.reviewEmpty}</p>
          <p className="text-sm text-muted-foreground">{tx.reviewEmptyText}</p>
        </div>
      ) : (
        groups.map((g) => (
          <ReviewCard
            key={`${g.merchant_key}-${g.currency}`}
            group={g}
            busy={accept.isPending}
            onOpen={onOpen}
            onAccept={(categoryId, name, id, onlyThis) =>
              accept.mutate(
                { id: id ?? g.example_id, categoryId, onlyThis },
                {
                  onSuccess: (r) => setDone(onlyThis ? tx.acceptedOne(name) : tx.acceptedMany(r.updated, g.merchant, name)),
                },
              )
            }
          />
        ))
      )}
    </div>
  );
}

function ReviewCard({
  group,
  busy,
  onAccept,
  onOpen,
}: {
  group: ReviewGroup;
  busy: boolean;
  onAccept: (categoryId: string, name: string, id?: string, onlyThis?: boolean) => void;
  onOpen: (id: string) => void;
}) {
  const { t, locale, timeZone } = useI18n();
  const tx = t.transactions;
  const { tree, byId } = useCategories();
  const [expanded, setExpanded] = useState(false);
  const total = toNumber(group.total);
  const first = formatDate(group.first_booked_at, locale, timeZone);
  const last = formatDate(group.last_booked_at, locale, timeZone);
  const headingId = `review-${group.merchant_key.slice(0, 12)}-${group.currency}`;
  return (
    <Card aria-labelledby={headingId} data-testid="review-group" data-merchant={group.merchant}>
      <div className="grid grid-cols-[minmax(0,1fr)] gap-3 p-4 sm:p-5">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <div className="min-w-0">
            <h2 id={headingId} className="truncate text-base font-semibold">
              {group.merchant}
            </h2>
            <p className="truncate text-sm text-muted-foreground">{group.example_description}</p>
          </div>
          <div className="ml-auto text-right">
            <p className={cn("font-semibold tabular", total < 0 ? "text-negative" : "text-positive")}>
              {formatMoney(group.total, group.currency, locale, { signed: total > 0 })}
            </p>
            <p className="text-xs text-muted-foreground">
              {tx.rowsCount(group.rows)} · {first === last ? first : `${first} – ${last}`}
            </p>
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {group.suggestions.length > 0 && <span className="text-sm text-muted-foreground">{tx.suggestions}</span>}
          {group.suggestions.map((s, i) => (
            <Button
              key={s.category_id}
              variant={i === 0 ? "default" : "outline"}
              size="sm"
              disabled={busy}
              onClick={() => onAccept(s.category_id, s.name)}
              data-testid="suggestion"
            >
              {s.name}
              <span className={cn("tabular", i === 0 ? "opacity-80" : "text-muted-foreground")}>
                {formatPercent(s.confidence, locale)}
              </span>
            </Button>
          ))}
          <CategoryPicker
            tree={tree}
            value={null}
            display={group.suggestions.length ? tx.otherCategory : tx.chooseCategory}
            label={`${group.suggestions.length ? tx.otherCategory : tx.chooseCategory} — ${tx.changeCategory(group.merchant)}`}
            onChange={(id) => id && onAccept(id, byId.get(id)?.name ?? "")}
            field
          />
        </div>
        <div>
          <Button
            variant="ghost"
            size="sm"
            className="-ml-2"
            aria-expanded={expanded}
            onClick={() => setExpanded((e) => !e)}
          >
            {expanded ? <ChevronDown aria-hidden="true" /> : <ChevronRight aria-hidden="true" />}
            {tx.showRows(group.rows)}
          </Button>
          {expanded && <GroupRows group={group} busy={busy} onAccept={onAccept} onOpen={onOpen} />}
        </div>
      </div>
    </Card>
  );
}

function GroupRows({
  group,
  busy,
  onAccept,
  onOpen,
}: {
  group: ReviewGroup;
  busy: boolean;
  onAccept: (categoryId: string, name: string, id?: string, onlyThis?: boolean) => void;
  onOpen: (id: string) => void;
}) {
  const { t, locale, timeZone } = useI18n();
  const tx = t.transactions;
  const rows = useReviewRows(group);
  const { byId } = useCategories();
  if (rows.isPending) return <Skeleton className="mt-2 h-16" />;
  if (rows.isError) return <p className="mt-2 text-sm text-destructive">{t.common.error}</p>;
  if (rows.data.length === 0) return <p className="mt-2 text-sm text-muted-foreground">{tx.noRowsFound}</p>;
  return (
    <ul className="mt-2 divide-y rounded-lg border">
      {rows.data.map((r) => (
        <li key={r.id} className="flex flex-wrap items-center gap-x-3 gap-y-1.5 px-3 py-2 text-sm" data-testid="review-row">
          <span className="w-24 shrink-0 text-muted-foreground tabular">{formatDate(r.booked_at, locale, timeZone)}</span>
          <button
            type="button"
            className="min-w-0 flex-1 truncate text-left hover:underline"
            onClick={() => onOpen(r.id)}
          >
            {r.description || merchantOf(r)}
          </button>
          <span className={cn("tabular", toNumber(r.amount) < 0 ? "text-negative" : "text-positive")}>
            {formatMoney(r.amount, r.currency, locale)}
          </span>
          <span className="flex flex-wrap gap-1.5">
            {(r.category_suggestions ?? []).map((s) => {
              const name = byId.get(s.category_id)?.name ?? "…";
              return (
                <Button
                  key={s.category_id}
                  variant="outline"
                  size="sm"
                  disabled={busy}
                  onClick={() => onAccept(s.category_id, name, r.id, true)}
                  aria-label={tx.acceptOnlyThis(name, formatPercent(s.confidence, locale))}
                >
                  {name} <span className="text-muted-foreground tabular">{formatPercent(s.confidence, locale)}</span>
                </Button>
              );
            })}
          </span>
        </li>
      ))}
    </ul>
  );
}
