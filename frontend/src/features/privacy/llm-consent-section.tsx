"use client";

import { useState } from "react";
import { Loader2, Sparkles } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Skeleton } from "@/components/ui/skeleton";
import { FormError, FormSuccess } from "@/features/auth/form-error";
import { SectionError } from "@/features/budgets/states";
import { useI18n } from "@/lib/i18n";
import { formatDateTime } from "@/lib/relative-time";
import { useLlmConsent, useSetLlmConsent } from "./data";

/**
 * Consent for external LLMs: a switch only when this server's model runs off the machine;
 * otherwise a sentence saying there is nothing to decide. Each change is saved at once.
 */
export function LlmConsentSection() {
  const { t, locale, timeZone } = useI18n();
  const x = t.privacyPage;
  const state = useLlmConsent();
  const save = useSetLlmConsent();
  const [saved, setSaved] = useState<boolean | null>(null);
  const toggle = (on: boolean) => {
    setSaved(null);
    save.mutate(on, { onSuccess: (next) => setSaved(next.consent) });
  };
  return (
    <Card aria-labelledby="llm-title" data-testid="llm-consent">
      <CardHeader>
        <div className="grid gap-1">
          <CardTitle id="llm-title">{x.llmTitle}</CardTitle>
          {state.data && (
            <CardDescription>
              {state.data.llm === "external" ? x.llmExternal : state.data.llm === "local" ? x.llmLocal : x.llmNone}
            </CardDescription>
          )}
        </div>
      </CardHeader>
      <CardContent className="grid gap-3">
        {state.isPending ? (
          <div aria-busy="true">
            <span className="sr-only">{t.common.loading}</span>
            <Skeleton className="h-10 w-full" />
          </div>
        ) : state.isError ? (
          <SectionError error={state.error} onRetry={() => void state.refetch()} />
        ) : state.data.llm === "external" ? (
          <>
            <div aria-live="polite" className="empty:hidden">
              {saved !== null && <FormSuccess>{x.llmSaved(saved)}</FormSuccess>}
            </div>
            <FormError error={save.error} />
            <label className="flex w-fit items-center gap-2 text-sm font-medium">
              <Checkbox
                role="switch"
                aria-describedby="llm-state"
                checked={state.data.consent}
                disabled={save.isPending}
                onChange={(e) => toggle(e.target.checked)}
                data-testid="llm-consent-switch"
              />
              {x.llmSwitch}
              {save.isPending && <Loader2 className="size-4 animate-spin" aria-hidden="true" />}
            </label>
            <p id="llm-state" className="flex items-start gap-2 text-sm text-muted-foreground">
              <Sparkles className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
              {state.data.consent && state.data.given_at
                ? x.llmOn(formatDateTime(state.data.given_at, locale, timeZone))
                : x.llmOff}
            </p>
          </>
        ) : null}
      </CardContent>
    </Card>
  );
}
