"use client";

import { useState } from "react";
import { Trash2 } from "lucide-react";
import { useMe } from "@/api/account";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DocumentTitle } from "@/components/shell/document-title";
import { useI18n } from "@/lib/i18n";
import { usePrivacyTerms } from "./data";
import { DeleteAccountDialog } from "./delete-account-dialog";
import { ExportSection } from "./export-section";
import { LlmConsentSection } from "./llm-consent-section";

/** Settings → Privacy: taking the data along, the LLM consent, deleting the account. */
export function PrivacySection() {
  const { t } = useI18n();
  const s = t.settingsPage;
  const x = t.privacyPage;
  const me = useMe();
  const terms = usePrivacyTerms();
  const graceDays = terms.data?.erasure_grace_days;
  // When the dialog was opened: the erasure date it tells counts from then.
  const [deleting, setDeleting] = useState<number | null>(null);
  return (
    <div className="grid gap-6">
      <DocumentTitle title={`${x.title} · ${s.title}`} />
      <Card aria-labelledby="privacy-title">
        <CardHeader>
          <div className="grid gap-1">
            <CardTitle id="privacy-title">{x.title}</CardTitle>
            <CardDescription>{x.text}</CardDescription>
          </div>
        </CardHeader>
        <CardContent className="grid gap-4">
          <ExportSection />
        </CardContent>
      </Card>
      <LlmConsentSection />
      <Card aria-labelledby="delete-title" className="border-destructive/40" data-testid="delete-account">
        <CardHeader>
          <div className="grid gap-1">
            <CardTitle id="delete-title">{x.deleteTitle}</CardTitle>
            <CardDescription>
              {x.deleteText} {graceDays === undefined ? x.deleteGraceUnknown : x.deleteGrace(graceDays)}
            </CardDescription>
          </div>
        </CardHeader>
        <CardContent className="grid gap-4">
          {graceDays !== 0 && <p className="text-sm text-muted-foreground">{x.deleteCancel}</p>}
          <div>
            <Button variant="destructive" onClick={() => setDeleting(Date.now())} disabled={me.isPending || terms.isPending}>
              <Trash2 aria-hidden="true" />
              {x.deleteButton}
            </Button>
          </div>
        </CardContent>
      </Card>
      {me.data && (
        <DeleteAccountDialog
          openedAt={deleting}
          onOpenChange={(open) => !open && setDeleting(null)}
          twoFactor={me.data.two_factor_enabled}
          graceDays={graceDays}
        />
      )}
    </div>
  );
}
