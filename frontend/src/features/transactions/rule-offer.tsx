"use client";

import Link from "next/link";
import { useEffect } from "react";
import { CheckCircle2, Wand2, X } from "lucide-react";
import { ApiError } from "@/api/errors";
import { Button } from "@/components/ui/button";
import { useI18n } from "@/lib/i18n";
import { cn } from "@/lib/utils";
import { useCreateRule, type NewRule } from "./data";

export interface Offer {
  rule: NewRule;
  merchant: string;
  category: string;
}

/**
 * After a row was recategorized: "Always for this merchant? Create a rule", with the rule
 * the server suggested (a trigger on the merchant, else on the description).
 */
export function RuleOffer({
  offer,
  notice,
  raised,
  onDone,
  onNoticeDone,
}: {
  offer: Offer | null;
  /** What the last change did, said for a few seconds when no rule is on offer. */
  notice: string | null;
  raised: boolean;
  onDone: () => void;
  onNoticeDone: () => void;
}) {
  const { t } = useI18n();
  useEffect(() => {
    if (!notice || offer) return;
    const timer = setTimeout(onNoticeDone, 6000);
    return () => clearTimeout(timer);
  }, [notice, offer, onNoticeDone]);
  return (
    <div
      role="status"
      aria-live="polite"
      className={cn(
        "pointer-events-none fixed inset-x-0 z-30 flex justify-center px-4 lg:left-60",
        raised ? "bottom-24" : "bottom-4",
      )}
    >
      {offer ? (
        <OfferCard key={`${offer.merchant}|${offer.category}`} offer={offer} onDone={onDone} />
      ) : notice ? (
        <div
          className="pointer-events-auto flex w-full max-w-xl items-center gap-3 rounded-xl border bg-popover px-4 py-3 text-sm text-popover-foreground shadow-lg"
          data-testid="notice"
        >
          <CheckCircle2 className="size-5 shrink-0 text-positive" aria-hidden="true" />
          <p className="min-w-0 flex-1">{notice}</p>
          <Button variant="ghost" size="icon" onClick={onNoticeDone} aria-label={t.common.close}>
            <X aria-hidden="true" />
          </Button>
        </div>
      ) : null}
    </div>
  );
}

function OfferCard({ offer, onDone }: { offer: Offer; onDone: () => void }) {
  const { t } = useI18n();
  const s = t.transactions;
  const create = useCreateRule();
  const trigger = offer.rule.triggers[0];
  const what =
    trigger && (trigger.type === "merchant" || trigger.type === "description")
      ? s.ruleTrigger(trigger.type, trigger.op, trigger.value)
      : "";
  return (
    <div
      className="pointer-events-auto flex w-full max-w-xl flex-wrap items-center gap-3 rounded-xl border bg-popover p-4 text-sm text-popover-foreground shadow-lg"
      data-testid="rule-offer"
    >
      <Wand2 className="size-5 shrink-0 text-primary" aria-hidden="true" />
      <div className="min-w-0 flex-1">
        {create.isSuccess ? (
          <p>
            {s.ruleCreated}{" "}
            <Link href="/rules" className="text-primary underline underline-offset-4">
              {s.seeRules}
            </Link>
          </p>
        ) : (
          <>
            <p className="font-medium">{s.ruleQuestion(offer.merchant, offer.category)}</p>
            <p className="text-xs text-muted-foreground">{what}</p>
            {create.isError && (
              <p className="mt-1 text-destructive" role="alert">
                {create.error instanceof ApiError ? create.error.message : t.common.error}
              </p>
            )}
          </>
        )}
      </div>
      {!create.isSuccess && (
        <Button size="sm" disabled={create.isPending} onClick={() => create.mutate(offer.rule)} data-testid="create-rule">
          {s.createRule}
        </Button>
      )}
      <Button
        variant="ghost"
        size="icon"
        onClick={() => {
          create.reset();
          onDone();
        }}
        aria-label={create.isSuccess ? t.common.close : s.notNow}
      >
        <X aria-hidden="true" />
      </Button>
    </div>
  );
}
