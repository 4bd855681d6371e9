"use client";

import { useMemo, useState } from "react";
import { ArrowDownRight, ArrowUpRight, Check, EyeOff, RotateCcw } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import type { StoredSeries } from "@/api/types";
import { formatDate, formatMoney, toNumber } from "@/lib/format";
import { useI18n } from "@/lib/i18n";
import { currenciesOf, PER_MONTH, useRecurringReport, useSetSeriesState, type SeriesState } from "./data";
import { ReportLayout, type ReportProps } from "./shared";

/**
 * Recurring payments and income the detector found: confirm the real ones, ignore the
 * others (they leave the list and the forecast), and see where a price changed.
 */
export function RecurringReport(props: ReportProps) {
  const { t, locale } = useI18n();
  const r = t.reportsPage;
  const includeIgnored = props.params.ignored === "1";
  const includeEnded = props.params.ended === "1";
  const query = useRecurringReport({ includeIgnored, includeEnded });
  const series = useMemo(
    () =>
      [...(query.data ?? [])].sort(
        (a, b) => (a.next_date ?? "9999").localeCompare(b.next_date ?? "9999") || a.merchant.localeCompare(b.merchant),
      ),
    [query.data],
  );
  // A month's worth, per currency, of what is not ignored or ended (never across currencies).
  const perMonth = useMemo(() => {
    const totals = new Map<string, { out: number; in: number }>();
    for (const s of series) {
      if (s.user_state === "ignored" || s.status === "ended") continue;
      const t = totals.get(s.currency) ?? { out: 0, in: 0 };
      const monthly = toNumber(s.amount) * (PER_MONTH[s.cadence] ?? 1);
      if (monthly < 0) t.out -= monthly;
      else t.in += monthly;
      totals.set(s.currency, t);
    }
    return currenciesOf([...totals.keys()], props.baseCurrency).map((c) => ({ currency: c, ...totals.get(c)! }));
  }, [series, props.baseCurrency]);

  return (
    <ReportLayout
      toolbar={
        <>
            <label className="flex h-9 items-center gap-2 text-sm">
              <Checkbox checked={includeIgnored} onChange={(e) => props.set({ ignored: e.target.checked ? "1" : null })} />
              {r.showIgnored}
            </label>
            <label className="flex h-9 items-center gap-2 text-sm">
              <Checkbox checked={includeEnded} onChange={(e) => props.set({ ended: e.target.checked ? "1" : null })} />
              {r.showEnded}
            </label>
        </>
      }
      query={query}
    >
      <>
        {perMonth.length > 0 && (
          <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-4" aria-label={r.perMonthTitle}>
            {perMonth.map((m) => (
              <li key={m.currency} className="rounded-xl border bg-card p-4 shadow-xs">
                <p className="text-sm text-muted-foreground">{r.perMonth(m.currency)}</p>
                <p className="mt-1 text-xl font-semibold tracking-tight tabular">{formatMoney(m.out, m.currency, locale)}</p>
                {m.in > 0 && (
                  <p className="mt-1 text-xs text-muted-foreground">
                    {r.perMonthIn(formatMoney(m.in, m.currency, locale))}
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
        <Card aria-labelledby="recurring-title" data-testid="report-recurring">
          <CardHeader>
            <CardTitle id="recurring-title">{r.reports.recurring}</CardTitle>
            <span className="text-sm text-muted-foreground">{r.seriesCount(series.length)}</span>
          </CardHeader>
          <CardContent>
            {series.length === 0 ? (
              <p className="py-6 text-sm text-muted-foreground">{r.noRecurring}</p>
            ) : (
              <ul className="divide-y">
                {series.map((s) => (
                  <SeriesItem key={s.id} series={s} />
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </>
    </ReportLayout>
  );
}

function SeriesItem({ series: s }: { series: StoredSeries }) {
  const { t, locale } = useI18n();
  const r = t.reportsPage;
  const setState = useSetSeriesState();
  const [failed, setFailed] = useState(false);
  const amount = toNumber(s.amount);
  const money = (n: number | string) => formatMoney(toNumber(n), s.currency, locale);
  const change = (state: SeriesState) => {
    setFailed(false);
    setState.mutate({ id: s.id, state }, { onError: () => setFailed(true) });
  };
  const busy = setState.isPending;
  const previous = s.previous_amount != null ? toNumber(s.previous_amount) : null;
  return (
    <li className="grid gap-2 py-3 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-center" data-testid="series" data-series-id={s.id}>
      <div className="min-w-0">
        <div className="flex flex-wrap items-center gap-2">
          <p className="truncate font-medium">{s.merchant}</p>
          {s.user_state === "confirmed" && (
            <Badge variant="positive" data-testid="series-confirmed">
              <Check className="size-3" aria-hidden="true" />
              {r.confirmed}
            </Badge>
          )}
          {s.user_state === "ignored" && <Badge variant="secondary">{r.ignored}</Badge>}
          {s.status === "missed" && <Badge variant="warning">{r.missed(s.missed)}</Badge>}
          {s.status === "ended" && <Badge variant="outline">{r.ended}</Badge>}
          {previous !== null && s.price_changed_on && (
            <Badge
              variant={s.price_increased ? "warning" : "positive"}
              title={r.priceChangedOn(formatDate(s.price_changed_on, locale, "UTC"))}
              data-testid="price-change"
            >
              {Math.abs(amount) > Math.abs(previous) ? (
                <ArrowUpRight className="size-3" aria-hidden="true" />
              ) : (
                <ArrowDownRight className="size-3" aria-hidden="true" />
              )}
              {r.priceChange(money(Math.abs(previous)), money(Math.abs(amount)))}
            </Badge>
          )}
        </div>
        <p className="mt-0.5 text-xs text-muted-foreground">
          {r.cadence[s.cadence] ?? s.cadence}
          {" · "}
          {s.next_date ? r.nextOn(formatDate(s.next_date, locale, "UTC", "weekday")) : r.noNext}
          {" · "}
          {r.since(formatDate(s.first_date, locale, "UTC"), s.occurrences)}
          {previous !== null && s.price_changed_on && (
            <span className="sr-only"> · {r.priceChangedOn(formatDate(s.price_changed_on, locale, "UTC"))}</span>
          )}
        </p>
        {failed && (
          <Alert variant="destructive" role="alert" className="mt-2 py-2">
            {t.common.error}
          </Alert>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-2 sm:justify-end">
        <span className={`mr-2 font-semibold whitespace-nowrap tabular ${amount > 0 ? "text-positive" : ""}`}>
          {formatMoney(amount, s.currency, locale, { signed: amount > 0 })}
        </span>
        {s.user_state === "ignored" ? (
          <Button size="sm" variant="outline" disabled={busy} onClick={() => change("auto")} aria-label={r.restoreItem(s.merchant)}>
            <RotateCcw aria-hidden="true" />
            {r.restore}
          </Button>
        ) : (
          <>
            {s.user_state === "confirmed" ? (
              <Button size="sm" variant="ghost" disabled={busy} onClick={() => change("auto")} aria-label={r.unconfirmItem(s.merchant)}>
                <RotateCcw aria-hidden="true" />
                {r.unconfirm}
              </Button>
            ) : (
              <Button size="sm" variant="outline" disabled={busy} onClick={() => change("confirmed")} aria-label={r.confirmItem(s.merchant)}>
                <Check aria-hidden="true" />
                {r.confirm}
              </Button>
            )}
            <Button size="sm" variant="ghost" disabled={busy} onClick={() => change("ignored")} aria-label={r.ignoreItem(s.merchant)}>
              <EyeOff aria-hidden="true" />
              {r.ignore}
            </Button>
          </>
        )}
      </div>
    </li>
  );
}
