"use client";

import { CalendarDays } from "lucide-react";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { Skeleton } from "@/components/ui/skeleton";
import { useI18n } from "@/lib/i18n";
import { formatDate, formatMoney, toNumber } from "@/lib/format";
import { useUpcomingBills } from "./data";

/** Recurring payments expected in the next 30 days. */
export function UpcomingBills() {
  const { t, locale, timeZone } = useI18n();
  const o = t.overview;
  const { bills, isPending } = useUpcomingBills(30);
  return (
    <Card aria-labelledby="upcoming-title" data-testid="upcoming-bills">
      <CardHeader>
        <CardTitle id="upcoming-title">{o.upcoming}</CardTitle>
      </CardHeader>
      <CardContent>
        {isPending ? (
          <div className="grid gap-2">
            <Skeleton className="h-10" />
            <Skeleton className="h-10" />
            <Skeleton className="h-10" />
          </div>
        ) : bills.length === 0 ? (
          <p className="py-6 text-sm text-muted-foreground">{o.noUpcoming}</p>
        ) : (
          <ul className="divide-y">
            {bills.slice(0, 8).map((s) => (
              <li key={s.id} className="flex items-center gap-3 py-2">
                <CalendarDays className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
                <div className="min-w-0 flex-1">
                  <p className="truncate text-sm font-medium">{s.merchant}</p>
                  <p className="text-xs text-muted-foreground">
                    {formatDate(s.next_date!, locale, timeZone, "weekday")}
                    {s.price_increased && (
                      <Badge variant="warning" className="ml-2">
                        {o.was(formatMoney(Math.abs(toNumber(s.previous_amount)), s.currency, locale))}
                      </Badge>
                    )}
                  </p>
                </div>
                <span className="text-sm font-medium tabular">
                  {formatMoney(Math.abs(toNumber(s.amount)), s.currency, locale)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
