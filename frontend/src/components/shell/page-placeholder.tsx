"use client";

import { Construction } from "lucide-react";
import { useI18n } from "@/lib/i18n";
import { DocumentTitle } from "./document-title";
import type { NavItem } from "./nav-items";

/** The body of a page another change fills in: its title, and a note. */
export function PagePlaceholder({ page }: { page: NavItem["key"] }) {
  const { t } = useI18n();
  return (
    <div className="grid gap-6">
      <DocumentTitle title={t.nav[page]} />
      <h1 className="text-2xl font-semibold tracking-tight">{t.nav[page]}</h1>
      <div className="flex items-center gap-3 rounded-xl border border-dashed p-8 text-muted-foreground">
        <Construction className="size-5 shrink-0" aria-hidden="true" />
        <p>{t.placeholder.text}</p>
      </div>
    </div>
  );
}
