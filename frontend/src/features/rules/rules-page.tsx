"use client";

import { useRef, useState } from "react";
import { Plus } from "lucide-react";
import { DocumentTitle } from "@/components/shell/document-title";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { FormError } from "@/features/auth/form-error";
import { useI18n } from "@/lib/i18n";
import { useReturnFocus } from "@/lib/use-return-focus";
import { useUrlState } from "@/lib/use-url-state";
import { cn } from "@/lib/utils";
import { CategoryTree } from "./category-tree";
import { useRules, type Rule } from "./data";
import { RuleEditor } from "./rule-editor";
import { RuleList } from "./rule-list";

const TABS = ["rules", "categories"] as const;
type Tab = (typeof TABS)[number];

/** Rules (in the order they run) and the categories they file into, as two tabs. */
export function RulesPage() {
  const { t } = useI18n();
  const r = t.rulesPage;
  const [params, set] = useUrlState();
  const tab: Tab = params?.tab === "categories" ? "categories" : "rules";
  const tabs = useRef(new Map<Tab, HTMLButtonElement>());
  const choose = (next: Tab, focus = false) => {
    set({ tab: next === "rules" ? null : next });
    if (focus) tabs.current.get(next)?.focus();
  };
  return (
    <div className="grid grid-cols-1 gap-6">
      <DocumentTitle title={`${tab === "rules" ? r.rulesTab : r.categoriesTab} · ${r.title}`} />
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{r.title}</h1>
        <p className="text-sm text-muted-foreground">{r.subtitle}</p>
      </div>
      <div
        role="tablist"
        aria-label={r.title}
        className="flex w-fit rounded-lg border bg-card p-1"
        onKeyDown={(e) => {
          const i = TABS.indexOf(tab);
          if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
            e.preventDefault();
            choose(TABS[(i + (e.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length]!, true);
          } else if (e.key === "Home" || e.key === "End") {
            e.preventDefault();
            choose(e.key === "Home" ? TABS[0] : TABS[TABS.length - 1]!, true);
          }
        }}
      >
        {TABS.map((id) => (
          <button
            key={id}
            ref={(el) => {
              if (el) tabs.current.set(id, el);
            }}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            onClick={() => choose(id)}
            className={cn(
              "rounded-md px-4 py-1.5 text-sm font-medium transition-colors",
              tab === id ? "bg-primary text-primary-foreground" : "text-muted-foreground hover:text-foreground",
            )}
          >
            {id === "rules" ? r.rulesTab : r.categoriesTab}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} tabIndex={-1} className="outline-none">
        {params === null ? <Skeleton className="h-64 rounded-xl" /> : tab === "rules" ? <RulesTab /> : <CategoryTree />}
      </div>
    </div>
  );
}

function RulesTab() {
  const { t } = useI18n();
  const r = t.rulesPage;
  const rules = useRules();
  const [editor, setEditor] = useState<{ open: boolean; session: number; rule: Rule | null }>({
    open: false,
    session: 0,
    rule: null,
  });
  const focus = useReturnFocus(newRuleButton);
  const openEditor = (rule: Rule | null) => {
    focus.remember();
    setEditor((e) => ({ open: true, session: e.session + 1, rule }));
  };
  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="max-w-prose text-sm text-muted-foreground">{r.orderHint}</p>
        <Button id="new-rule" onClick={() => openEditor(null)}>
          <Plus aria-hidden="true" />
          {r.newRule}
        </Button>
      </div>
      {rules.isPending ? (
        <div className="grid gap-2" aria-busy="true">
          <span className="sr-only">{t.common.loading}</span>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-16 rounded-xl" />
          ))}
        </div>
      ) : rules.isError ? (
        <FormError error={rules.error} />
      ) : rules.data.length === 0 ? (
        <div className="grid justify-items-start gap-3 rounded-xl border border-dashed p-8">
          <p className="font-medium">{r.noRules}</p>
          <p className="max-w-prose text-sm text-muted-foreground">{r.noRulesText}</p>
        </div>
      ) : (
        <RuleList rules={rules.data} onEdit={openEditor} />
      )}
      <RuleEditor
        open={editor.open}
        session={editor.session}
        rule={editor.rule}
        onClose={() => setEditor((e) => ({ ...e, open: false }))}
        onCloseAutoFocus={focus.onCloseAutoFocus}
        onSaved={(rule) => setEditor((e) => ({ ...e, rule }))}
      />
    </div>
  );
}

/** Where focus goes when what had it is gone (a deleted rule's row). */
function newRuleButton() {
  return document.getElementById("new-rule");
}
