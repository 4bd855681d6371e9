"use client";

import { AlertTriangle } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { DocumentTitle } from "@/components/shell/document-title";
import { SectionError } from "@/features/budgets/states";
import { daysBetweenInclusive, formatDate } from "@/lib/format";
import { useI18n } from "@/lib/i18n";
import { useFxRates, type CurrencyRate } from "./data";

/** A rate this many days older than today is flagged: the ECB publishes every working day. */
const STALE_AFTER_DAYS = 7;

function formatRate(rate: string, locale: string): string {
  const value = Number(rate);
  if (!Number.isFinite(value)) return rate;
  // A ratio, not money: six significant digits read 0.00625 and 162.5 alike.
  return new Intl.NumberFormat(locale, { maximumSignificantDigits: 6 }).format(value);
}

function isStale(row: CurrencyRate, asOf: string): boolean {
  return row.rate_date != null && daysBetweenInclusive(row.rate_date, asOf) - 1 > STALE_AFTER_DAYS;
}

/** The rates the user's other currencies are converted with; loading them is the operator's. */
export function ExchangeRatesSection() {
  const { t } = useI18n();
  const s = t.settingsPage;
  const x = s.exchangeRates;
  const rates = useFxRates();
  const home = rates.data?.home_currency ?? "";
  return (
    <Card aria-labelledby="rates-title">
      <DocumentTitle title={`${s.nav.exchangeRates} · ${s.title}`} />
      <CardHeader>
        <div className="grid gap-1">
          <CardTitle id="rates-title">{x.title}</CardTitle>
          {rates.data && <CardDescription>{x.text(home)}</CardDescription>}
        </div>
      </CardHeader>
      <CardContent className="grid gap-5 text-sm">
        {rates.isPending ? (
          <Skeleton className="h-24 w-full" />
        ) : rates.isError ? (
          <SectionError error={rates.error} onRetry={() => void rates.refetch()} />
        ) : rates.data.rates.length === 0 ? (
          <p className="text-muted-foreground" data-testid="rates-none">
            {x.none(home)}
          </p>
        ) : (
          <div className="overflow-x-auto rounded-lg border">
            <table className="w-full text-sm" data-testid="rates-table">
              <caption className="sr-only">{x.title}</caption>
              <thead>
                <tr className="border-b text-left text-xs text-muted-foreground">
                  <th scope="col" className="px-3 py-2 font-medium">
                    {x.columns.currency}
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    {x.columns.rate}
                  </th>
                  <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">
                    {x.columns.date}
                  </th>
                  <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">
                    {x.columns.unconverted}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rates.data.rates.map((row) => (
                  <RateRow key={row.currency} row={row} home={home} asOf={rates.data.as_of} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="grid gap-2" data-testid="rates-operator">
          <h3 className="font-medium">{x.operatorTitle}</h3>
          <p>{x.operator}</p>
          <pre className="w-fit max-w-full overflow-x-auto rounded-md border bg-muted px-3 py-2 font-mono text-sm">
            <code>kakeibo fx import FILE</code>
          </pre>
          <p className="text-muted-foreground">{x.fileHint}</p>
        </div>
      </CardContent>
    </Card>
  );
}

/** One currency: on a narrow screen the day and the count go under the rate. */
function RateRow({ row, home, asOf }: { row: CurrencyRate; home: string; asOf: string }) {
  const { t, locale, timeZone } = useI18n();
  const x = t.settingsPage.exchangeRates;
  const day = (
    <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
      {row.rate_date != null && <span className="whitespace-nowrap tabular">{formatDate(row.rate_date, locale, timeZone)}</span>}
      {row.rate == null ? (
        <Badge variant="negative" data-testid="rate-missing">
          <AlertTriangle className="size-3" aria-hidden="true" />
          {x.missing}
        </Badge>
      ) : (
        isStale(row, asOf) && (
          <Badge variant="warning" data-testid="rate-stale">
            <AlertTriangle className="size-3" aria-hidden="true" />
            {x.stale}
          </Badge>
        )
      )}
    </span>
  );
  const count =
    row.unconverted > 0 ? (
      <span className="font-medium text-destructive">{x.unconverted(row.unconverted, row.transactions)}</span>
    ) : (
      <span className="text-muted-foreground">{x.allConverted(row.transactions)}</span>
    );
  return (
    <tr className="border-b align-top last:border-0" data-testid={`rate-${row.currency}`}>
      <th scope="row" className="px-3 py-2 text-left font-medium">
        {row.currency}
      </th>
      <td className="px-3 py-2">
        <span className="tabular sm:whitespace-nowrap">
          {row.rate != null ? x.rateOf(row.currency, formatRate(row.rate, locale), home) : x.noRate}
        </span>
        <span className="mt-1 grid gap-1 text-xs sm:hidden">
          {day}
          {count}
        </span>
      </td>
      <td className="hidden px-3 py-2 sm:table-cell">{day}</td>
      <td className="hidden px-3 py-2 sm:table-cell" data-testid="rate-unconverted">
        {count}
      </td>
    </tr>
  );
}
