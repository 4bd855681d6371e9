"use client";

import { useMemo } from "react";
import { DocumentTitle } from "@/components/shell/document-title";
import { useMe } from "@/api/account";
import { todayIn } from "@/lib/format";
import { useI18n } from "@/lib/i18n";
import { useUrlState } from "@/lib/use-url-state";
import { cn } from "@/lib/utils";
import { RangePicker } from "./controls";
import { ReportSkeleton, type ReportProps } from "./shared";
import { DEFAULT_PRESET, isPreset, rangeOf, type DateRange, type Preset } from "./range";
import {
  AnomaliesReport,
  CashFlowReport,
  ForecastReport,
  IncomeExpenseReport,
  MerchantsReport,
  NetWorthReport,
  RecurringReport,
  SpendingReport,
} from "./views";

export const REPORTS = [
  "spending",
  "income-expense",
  "cash-flow",
  "net-worth",
  "merchants",
  "recurring",
  "anomalies",
  "forecast",
] as const;
export type ReportId = (typeof REPORTS)[number];

/** The reports whose endpoint takes a date range. */
const RANGED: ReadonlySet<ReportId> = new Set(["spending", "income-expense", "cash-flow", "net-worth", "merchants"]);

function reportOf(value: string | undefined): ReportId {
  return (REPORTS as readonly string[]).includes(value ?? "") ? (value as ReportId) : "spending";
}

/**
 * The reports: one at a time, chosen from the list at the top. The report, its range and
 * its options live in the URL, so a reload or a shared link opens the same view.
 */
export function Reports() {
  const { t, timeZone } = useI18n();
  const r = t.reportsPage;
  const [params, set] = useUrlState();
  const me = useMe();
  const today = todayIn(me.data?.time_zone || timeZone);
  const report = reportOf(params?.report);
  const preset: Preset = isPreset(params?.range) ? params.range : DEFAULT_PRESET;
  const range = useMemo(() => rangeOf(preset, today, { from: params?.from, to: params?.to }), [preset, today, params?.from, params?.to]);

  const choose = (next: ReportId) => set({ report: next, currency: null }, true);
  const changeRange = (next: Preset, custom?: DateRange) =>
    set({ range: next, from: custom?.from ?? null, to: custom?.to ?? null }, true);

  return (
    <div className="grid grid-cols-1 gap-6">
      <DocumentTitle title={`${r.reports[report]} · ${r.title}`} />
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{r.title}</h1>
        <p className="text-sm text-muted-foreground">{r.subtitle}</p>
      </div>
      <nav aria-label={r.choose}>
        <ul className="flex flex-wrap gap-2">
          {REPORTS.map((id) => (
            <li key={id}>
              <a
                href={`?report=${id}`}
                aria-current={id === report ? "page" : undefined}
                onClick={(e) => {
                  if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                  e.preventDefault();
                  choose(id);
                }}
                className={cn(
                  "inline-flex h-8 items-center rounded-full border px-3 text-sm font-medium transition-colors",
                  id === report
                    ? "border-primary bg-primary text-primary-foreground"
                    : "bg-card text-muted-foreground hover:bg-accent hover:text-foreground",
                )}
              >
                {r.reports[id]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {params === null ? (
        <ReportSkeleton />
      ) : (
        <ReportBody
          report={report}
          props={{
            params,
            set,
            range,
            baseCurrency: me.data?.base_currency ?? "EUR",
            controls: RANGED.has(report) ? <RangePicker preset={preset} range={range} onChange={changeRange} /> : null,
          }}
        />
      )}
    </div>
  );
}

function ReportBody({ report, props }: { report: ReportId; props: ReportProps }) {
  switch (report) {
    case "spending":
      return <SpendingReport {...props} />;
    case "income-expense":
      return <IncomeExpenseReport {...props} />;
    case "cash-flow":
      return <CashFlowReport {...props} />;
    case "net-worth":
      return <NetWorthReport {...props} />;
    case "merchants":
      return <MerchantsReport {...props} />;
    case "recurring":
      return <RecurringReport {...props} />;
    case "anomalies":
      return <AnomaliesReport {...props} />;
    case "forecast":
      return <ForecastReport {...props} />;
  }
}
