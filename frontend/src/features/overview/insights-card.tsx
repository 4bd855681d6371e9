"use client";

import { AlertTriangle, Lightbulb, X } from "lucide-react";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useI18n } from "@/lib/i18n";
import { formatDate } from "@/lib/format";
import { useDismissInsight, useInsights } from "./data";
import { insightText } from "./insight-text";

/** Kinds that flag something unusual (anomalies), shown with a warning sign. */
const ANOMALY_KINDS = new Set(["large_transaction", "spending_spike", "missed_payment", "price_increase", "new_merchant"]);

/** Insights and anomalies, newest first; each can be dismissed. */
export function InsightsCard() {
  const { t, locale, timeZone } = useI18n();
  const o = t.overview;
  const insights = useInsights();
  const dismiss = useDismissInsight();
  const items = insights.data ?? [];
  return (
    <Card aria-labelledby="insights-title" data-testid="insights">
      <CardHeader>
        <CardTitle id="insights-title">
          {o.insights} <span className="font-normal text-muted-foreground">· {o.anomalies}</span>
        </CardTitle>
      </CardHeader>
      <CardContent>
        {insights.isPending ? (
          <div className="grid gap-2">
            <Skeleton className="h-14" />
            <Skeleton className="h-14" />
          </div>
        ) : items.length === 0 ? (
          <p className="py-6 text-sm text-muted-foreground">{o.noInsights}</p>
        ) : (
          <ul className="grid gap-2" aria-live="polite">
            {items.slice(0, 6).map((insight) => {
              const anomaly = ANOMALY_KINDS.has(insight.kind);
              const Icon = anomaly ? AlertTriangle : Lightbulb;
              const sentence = insightText(insight, t, locale);
              return (
                <li key={insight.id} className="flex items-start gap-3 rounded-lg border p-3" data-testid="insight">
                  <Icon
                    className={anomaly ? "mt-0.5 size-4 shrink-0 text-warning" : "mt-0.5 size-4 shrink-0 text-primary"}
                    aria-hidden="true"
                  />
                  <div className="min-w-0 flex-1">
                    <p className="text-sm">{sentence}</p>
                    <p className="mt-0.5 text-xs text-muted-foreground">
                      {formatDate(insight.created_at, locale, timeZone)}
                    </p>
                  </div>
                  <button
                    type="button"
                    onClick={() => dismiss.mutate(insight.id)}
                    className="rounded-md p-1 text-muted-foreground hover:bg-accent hover:text-foreground"
                    aria-label={o.dismissItem(sentence)}
                    title={o.dismiss}
                  >
                    <X className="size-4" aria-hidden="true" />
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
