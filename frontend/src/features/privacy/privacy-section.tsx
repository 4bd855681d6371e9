"use client";

import { useState } from "react";
import { Download, Trash2 } from "lucide-react";
import { useMe } from "@/api/account";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DocumentTitle } from "@/components/shell/document-title";
import { useI18n } from "@/lib/i18n";
import { DeleteAccountDialog } from "./delete-account-dialog";
import { LlmConsentSection } from "./llm-consent-section";

/** Settings → Privacy: taking the data along (soon), the LLM consent, deleting the account. */
export function PrivacySection() {
  const { t } = useI18n();
  const s = t.settingsPage;
  const x = t.privacyPage;
  const me = useMe();
  const [deleting, setDeleting] = useState(false);
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
          <section aria-labelledby="export-title" className="flex items-start gap-3 rounded-lg border border-dashed p-4" data-testid="privacy-export">
            <Download className="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-hidden="true" />
            <div className="grid gap-1 text-sm">
              <h3 id="export-title" className="font-medium">
                {x.exportTitle}
              </h3>
              <p className="text-muted-foreground">{x.exportText}</p>
            </div>
          </section>
        </CardContent>
      </Card>
      <LlmConsentSection />
      <Card aria-labelledby="delete-title" className="border-destructive/40" data-testid="delete-account">
        <CardHeader>
          <div className="grid gap-1">
            <CardTitle id="delete-title">{x.deleteTitle}</CardTitle>
            <CardDescription>{x.deleteText}</CardDescription>
          </div>
        </CardHeader>
        <CardContent className="grid gap-4">
          <p className="text-sm text-muted-foreground">{x.deleteCancel}</p>
          <div>
            <Button variant="destructive" onClick={() => setDeleting(true)} disabled={me.isPending}>
              <Trash2 aria-hidden="true" />
              {x.deleteButton}
            </Button>
          </div>
        </CardContent>
      </Card>
      {me.data && (
        <DeleteAccountDialog open={deleting} onOpenChange={setDeleting} twoFactor={me.data.two_factor_enabled} />
      )}
    </div>
  );
}
