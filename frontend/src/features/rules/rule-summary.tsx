"use client";

import { useAccounts } from "@/features/overview/data";
import { useI18n } from "@/lib/i18n";
import { useCategories, type Rule, type Trigger } from "./data";

/** A rule in one line of words: "If merchant contains “rewe” → Groceries · tags food". */
export function RuleSummary({ rule }: { rule: Rule }) {
  const { t, locale } = useI18n();
  const r = t.rulesPage;
  const categories = useCategories();
  const accounts = useAccounts();
  const categoryName = (id: string) => categories.data?.find((c) => c.id === id)?.name ?? "…";
  const accountName = (id: string) => accounts.data?.find((a) => a.id === id)?.name ?? "…";
  const number = (s: string) => Number.parseFloat(s).toLocaleString(locale, { maximumFractionDigits: 4 });
  const when = (tr: Trigger): string => {
    switch (tr.type) {
      case "merchant":
      case "description":
        return r.summary.text(r.fields[tr.type] ?? tr.type, r.ops[tr.op] ?? tr.op, tr.value);
      case "amount":
        return tr.min && tr.max
          ? r.summary.between(number(tr.min), number(tr.max))
          : tr.min
            ? r.summary.atLeast(number(tr.min))
            : r.summary.atMost(number(tr.max ?? "0"));
      case "account":
        return r.summary.account(accountName(tr.account_id));
      case "direction":
        return r.directions[tr.direction] ?? tr.direction;
    }
  };
  const a = rule.actions;
  const then = [
    a.mark_transfer ? r.summary.transfer : null,
    a.category_id ? categoryName(a.category_id) : null,
    a.merchant ? r.summary.merchant(a.merchant) : null,
    a.add_tags?.length ? r.summary.tags(a.add_tags.join(", ")) : null,
  ].filter(Boolean);
  return (
    <p className="mt-0.5 text-sm break-words text-muted-foreground" data-testid="rule-summary">
      {r.summary.if} {rule.triggers.map(when).join(` ${r.summary.and} `)} → <span className="text-foreground">{then.join(" · ")}</span>
    </p>
  );
}
