"use client";

import { IntentLink as Link } from "@/components/intent-link";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { Skeleton } from "@/components/ui/skeleton";
import { useI18n } from "@/lib/i18n";
import { formatDate, formatMoney, formatPercent, toNumber } from "@/lib/format";
import { cn } from "@/lib/utils";
import { useCategoryNames, useRecentTransactions } from "./data";

/** The last ten transactions, each with its category, where that came from, and how sure. */
export function RecentTransactions() {
  const { t, locale, timeZone } = useI18n();
  const o = t.overview;
  const recent = useRecentTransactions();
  const { names } = useCategoryNames();
  return (
    <Card aria-labelledby="recent-title" data-testid="recent-transactions">
      <CardHeader>
        <CardTitle id="recent-title">{o.recent}</CardTitle>
        <Link href="/transactions" className="text-sm text-primary underline-offset-4 hover:underline">
          {t.common.seeAll}
        </Link>
      </CardHeader>
      <CardContent>
        {recent.isPending ? (
          <div className="grid gap-2">
            {[0, 1, 2, 3, 4].map((i) => (
              <Skeleton key={i} className="h-10" />
            ))}
          </div>
        ) : (recent.data ?? []).length === 0 ? (
          <p className="py-6 text-sm text-muted-foreground">{o.noTransactions}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <caption className="sr-only">{o.recent}</caption>
              <thead className="text-left text-xs text-muted-foreground">
                <tr>
                  <th scope="col" className="py-2 pr-3 font-medium">{o.columns.date}</th>
                  <th scope="col" className="py-2 pr-3 font-medium">{o.columns.merchant}</th>
                  <th scope="col" className="hidden py-2 pr-3 font-medium sm:table-cell">{o.columns.category}</th>
                  <th scope="col" className="py-2 text-right font-medium">{o.columns.amount}</th>
                </tr>
              </thead>
              <tbody>
                {recent.data!.map((tx) => {
                  const amount = toNumber(tx.amount);
                  const category = tx.category_id ? names.get(tx.category_id) : null;
                  const source = tx.category_source ? (o.source[tx.category_source] ?? tx.category_source) : null;
                  const confidence = tx.category_confidence;
                  const categoryCell = (
                    <div className="flex flex-wrap items-center gap-1.5">
                      {tx.needs_review ? (
                        <Badge variant="warning">{o.reviewBadge}</Badge>
                      ) : (
                        <span>{category ?? (tx.category_id ? "…" : o.uncategorized)}</span>
                      )}
                      {source && (
                        <Badge variant="outline" title={o.sourceTitle} data-testid="category-source">
                          {source}
                          {confidence != null && tx.category_source !== "user" && (
                            <span className="text-muted-foreground">
                              · {formatPercent(confidence, locale)}
                            </span>
                          )}
                        </Badge>
                      )}
                    </div>
                  );
                  return (
                    <tr key={tx.id} className="border-t align-top">
                      <td className="py-2 pr-3 whitespace-nowrap text-muted-foreground tabular">
                        {formatDate(tx.booked_at, locale, timeZone, "short")}
                      </td>
                      <td className="max-w-40 py-2 pr-3 sm:max-w-64">
                        <p className="truncate font-medium">{tx.merchant || tx.payee || tx.description}</p>
                        {tx.merchant && tx.description !== tx.merchant && (
                          <p className="truncate text-xs text-muted-foreground">{tx.description}</p>
                        )}
                        {/* Narrow screens: the category under the merchant, not in a column. */}
                        <div className="mt-1 text-xs sm:hidden">{categoryCell}</div>
                      </td>
                      <td className="hidden py-2 pr-3 sm:table-cell">{categoryCell}</td>
                      <td
                        className={cn(
                          "py-2 text-right font-medium whitespace-nowrap tabular",
                          amount > 0 && "text-positive",
                        )}
                      >
                        {formatMoney(amount, tx.currency, locale, { signed: amount > 0 })}
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
  );
}
