"use client";

import { Clock } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DocumentTitle } from "@/components/shell/document-title";
import { useI18n } from "@/lib/i18n";

type Soon = "notifications" | "telegram" | "emailSummaries" | "privacy";

/** A section that is named already and arrives later. */
export function ComingSoonSection({ section }: { section: Soon }) {
  const { t } = useI18n();
  const s = t.settingsPage;
  const x = s.soon[section];
  return (
    <Card aria-labelledby={`${section}-title`} data-testid="coming-soon">
      <DocumentTitle title={`${s.nav[section]} · ${s.title}`} />
      <CardHeader>
        <div className="grid gap-1">
          <CardTitle id={`${section}-title`}>{s.nav[section]}</CardTitle>
          <CardDescription>{x}</CardDescription>
        </div>
        <Badge variant="secondary">{s.soon.badge}</Badge>
      </CardHeader>
      <CardContent>
        <p className="flex items-center gap-3 rounded-lg border border-dashed p-5 text-sm text-muted-foreground">
          <Clock className="size-5 shrink-0" aria-hidden="true" />
          {s.soon.text}
        </p>
      </CardContent>
    </Card>
  );
}
