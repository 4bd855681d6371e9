"use client";

import Link from "next/link";
import { AlertTriangle } from "lucide-react";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { formatDate, formatMoney, toNumber } from "@/lib/format";
import { useI18n } from "@/lib/i18n";
import { SelectControl } from "./controls";
import { useAnomaliesReport, type AnomalyKind } from "./data";
import { ReportLayout, type ReportProps } from "./shared";

const KINDS: AnomalyKind[] = ["large_for_merchant", "large_for_category", "new_merchant", "spike_week", "spike_month"];

function kindOf(value: string | undefined): AnomalyKind | null {
  return KINDS.includes(value as AnomalyKind) ? (value as AnomalyKind) : null;
}

/** What stood out in the last 30 days: each against what is usual, in its own currency. */
export function AnomaliesReport(props: ReportProps) {
  const { t, locale } = useI18n();
  const r = t.reportsPage;
  const kind = kindOf(props.params.kind);
  const query = useAnomaliesReport(kind);
  const rows = query.data ?? [];
  return (
    <ReportLayout
      toolbar={
        <>
            <SelectControl
              label={r.kind}
              value={kind ?? ""}
              onChange={(v) => props.set({ kind: v || null })}
              options={[{ value: "", label: r.allKinds }, ...KINDS.map((k) => ({ value: k, label: t.overview.anomalyKind[k] ?? k }))]}
              className="w-64"
            />
            <p className="pb-2 text-sm text-muted-foreground">{r.anomaliesHint}</p>
        </>
      }
      query={query}
    >
      <Card aria-labelledby="anomalies-title" data-testid="report-anomalies">
        <CardHeader>
          <CardTitle id="anomalies-title">{r.reports.anomalies}</CardTitle>
          <span className="text-sm text-muted-foreground">{r.anomalyCount(rows.length)}</span>
        </CardHeader>
        <CardContent>
          {rows.length === 0 ? (
            <p className="py-6 text-sm text-muted-foreground">{r.noAnomalies}</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <caption className="sr-only">{r.reports.anomalies}</caption>
                <thead className="text-left text-xs text-muted-foreground">
                  <tr>
                    <th scope="col" className="py-2 pr-3 font-medium">{r.columns.date}</th>
                    <th scope="col" className="py-2 pr-3 font-medium">{r.columns.what}</th>
                    <th scope="col" className="py-2 pr-3 text-right font-medium">{r.columns.amount}</th>
                    <th scope="col" className="py-2 text-right font-medium">{r.columns.usual}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((a) => {
                    const amount = toNumber(a.amount);
                    const baseline = toNumber(a.baseline);
                    const times = baseline > 0 ? amount / baseline : null;
                    const subject = a.merchant ?? a.category_name ?? t.overview.uncategorized;
                    return (
                      <tr key={a.id} className="border-t align-top" data-testid="anomaly">
                        <td className="py-2 pr-3 whitespace-nowrap text-muted-foreground tabular">
                          {formatDate(a.on_date, locale, "UTC", "short")}
                        </td>
                        <td className="py-2 pr-3">
                          <p className="flex items-center gap-1.5 font-medium">
                            <AlertTriangle className="size-3.5 shrink-0 text-warning" aria-hidden="true" />
                            {a.category_id && !a.merchant ? (
                              <Link
                                href={`/transactions?category_id=${encodeURIComponent(a.category_id)}`}
                                className="text-primary underline-offset-4 hover:underline"
                              >
                                {subject}
                              </Link>
                            ) : (
                              subject
                            )}
                          </p>
                          <p className="text-xs text-muted-foreground">
                            {t.overview.anomalyKind[a.kind] ?? a.kind}
                            {a.merchant && a.category_name ? ` · ${a.category_name}` : ""}
                          </p>
                        </td>
                        <td className="py-2 pr-3 text-right font-medium whitespace-nowrap tabular">
                          {formatMoney(amount, a.currency, locale)}
                        </td>
                        <td className="py-2 text-right whitespace-nowrap text-muted-foreground tabular">
                          {baseline > 0 ? formatMoney(baseline, a.currency, locale) : r.nothingUsual}
                          {times !== null && (
                            <span className="block text-xs">{r.times(times.toLocaleString(locale, { maximumFractionDigits: 1 }))}</span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </CardContent>
      </Card>
    </ReportLayout>
  );
}
