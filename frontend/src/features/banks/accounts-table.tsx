"use client";

import { useMemo } from "react";
import type { Account } from "@/api/types";
import { Skeleton } from "@/components/ui/skeleton";
import { SectionError } from "@/features/budgets/states";
import { useI18n } from "@/lib/i18n";
import { formatMoney, toNumber } from "@/lib/format";
import { cn } from "@/lib/utils";
import type { Connection } from "./data";

export function AccountsTable({
  accounts,
  connections,
}: {
  accounts: { data?: Account[]; isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };
  connections: Connection[];
}) {
  const { t, locale } = useI18n();
  const b = t.banksPage;
  const banks = useMemo(() => new Map(connections.map((c) => [c.id, c.institution_name])), [connections]);
  const totals = useMemo(() => {
    const sums = new Map<string, number>();
    for (const a of accounts.data ?? []) {
      if (a.current_balance == null) continue;
      sums.set(a.currency, (sums.get(a.currency) ?? 0) + toNumber(a.current_balance));
    }
    return [...sums.entries()].sort(([x], [y]) => x.localeCompare(y));
  }, [accounts.data]);

  return (
    <section aria-labelledby="accounts-heading" className="grid gap-4" data-testid="accounts-section">
      <h2 id="accounts-heading" className="text-lg font-semibold">
        {b.accounts}
      </h2>
      {accounts.isPending ? (
        <Skeleton className="h-40 rounded-xl" />
      ) : accounts.isError ? (
        <SectionError error={accounts.error} onRetry={() => void accounts.refetch()} />
      ) : !accounts.data || accounts.data.length === 0 ? (
        <p className="rounded-xl border border-dashed p-6 text-sm text-muted-foreground">{b.noAccounts}</p>
      ) : (
        <div className="overflow-x-auto rounded-xl border bg-card shadow-xs">
          <table className="w-full text-sm" data-testid="accounts-table">
            <caption className="sr-only">{b.accounts}</caption>
            <thead>
              <tr className="border-b text-left text-xs text-muted-foreground">
                <th scope="col" className="px-4 py-2.5 font-medium">
                  {b.columns.name}
                </th>
                <th scope="col" className="hidden px-4 py-2.5 font-medium sm:table-cell">
                  {b.columns.kind}
                </th>
                <th scope="col" className="hidden px-4 py-2.5 font-medium md:table-cell">
                  {b.columns.bank}
                </th>
                <th scope="col" className="hidden px-4 py-2.5 font-medium lg:table-cell">
                  {b.columns.number}
                </th>
                <th scope="col" className="px-4 py-2.5 text-right font-medium">
                  {b.columns.balance}
                </th>
              </tr>
            </thead>
            <tbody>
              {accounts.data.map((a) => {
                const balance = a.current_balance == null ? null : toNumber(a.current_balance);
                return (
                  <tr key={a.id} className="border-b last:border-0">
                    <th scope="row" className="px-4 py-2.5 text-left font-medium">
                      {a.name}
                      <span className="block text-xs font-normal text-muted-foreground sm:hidden">
                        {b.kinds[a.kind] ?? a.kind}
                      </span>
                    </th>
                    <td className="hidden px-4 py-2.5 sm:table-cell">{b.kinds[a.kind] ?? a.kind}</td>
                    <td className="hidden px-4 py-2.5 md:table-cell">
                      {a.connection_id ? (banks.get(a.connection_id) ?? "") : b.manual}
                    </td>
                    <td className="hidden px-4 py-2.5 font-mono text-xs whitespace-nowrap lg:table-cell">
                      {a.iban ? a.iban.replace(/(.{4})(?=.)/g, "$1 ") : a.mask ? `•••• ${a.mask}` : ""}
                    </td>
                    <td className={cn("px-4 py-2.5 text-right tabular", balance !== null && balance < 0 && "text-negative")}>
                      {balance === null ? b.noBalance : formatMoney(balance, a.currency, locale)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
            {totals.length > 0 && (
              <tfoot>
                {totals.map(([currency, sum]) => (
                  <tr key={currency} className="border-t bg-muted/40">
                    <th scope="row" className="px-4 py-2.5 text-left font-medium">
                      {`${b.totals} (${currency})`}
                    </th>
                    <td className="hidden sm:table-cell" />
                    <td className="hidden md:table-cell" />
                    <td className="hidden lg:table-cell" />
                    <td className={cn("px-4 py-2.5 text-right font-semibold tabular", sum < 0 && "text-negative")}>
                      {formatMoney(sum, currency, locale)}
                    </td>
                  </tr>
                ))}
              </tfoot>
            )}
          </table>
        </div>
      )}
    </section>
  );
}
