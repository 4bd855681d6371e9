"use client";

import { useEffect, useRef, useState } from "react";
import Link from "next/link";
import { CheckCircle2, Loader2 } from "lucide-react";
import { DocumentTitle } from "@/components/shell/document-title";
import { buttonVariants } from "@/components/ui/button";
import { FormError } from "@/features/auth/form-error";
import { useI18n } from "@/lib/i18n";
import { connectionIdFromReference, useFinishRedirect, type Connection } from "./data";

/**
 * `/connections/callback?ref=<connection id>`: where a bank (GoCardless) sends the person
 * back after consenting. Finishes the connection, once.
 */
export function ConnectionCallback() {
  const { t } = useI18n();
  const c = t.banksPage.callback;
  const finish = useFinishRedirect();
  const started = useRef(false);
  const [state, setState] = useState<
    | { kind: "reading" }
    | { kind: "missing" }
    | { kind: "bank-error"; detail: string }
    | { kind: "working" }
    | { kind: "done"; connection: Connection }
    | { kind: "failed"; error: unknown }
  >({ kind: "reading" });

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const params = new URLSearchParams(location.search);
    const id = connectionIdFromReference(params.get("ref"));
    const bankError = params.get("error");
    /* eslint-disable react-hooks/set-state-in-effect */
    if (bankError) {
      setState({ kind: "bank-error", detail: params.get("details") ?? bankError });
      return;
    }
    if (!id) {
      setState({ kind: "missing" });
      return;
    }
    setState({ kind: "working" });
    /* eslint-enable react-hooks/set-state-in-effect */
    finish.mutate(id, {
        onSuccess: (connection) => setState({ kind: "done", connection }),
        onError: (error) => setState({ kind: "failed", error }),
    });
  }, [finish]);

  return (
    <div className="mx-auto grid w-full max-w-xl gap-6 py-6" data-testid="connection-callback">
      <DocumentTitle title={c.title} />
      <h1 className="text-2xl font-semibold tracking-tight">{c.title}</h1>
      <div aria-live="polite" className="grid gap-4">
        {state.kind === "reading" || state.kind === "working" ? (
          <p className="flex items-center gap-2" aria-busy="true">
            <Loader2 className="size-5 animate-spin" aria-hidden="true" />
            {c.working}
          </p>
        ) : state.kind === "done" ? (
          <p className="flex items-start gap-2 rounded-lg border border-positive/50 bg-positive/10 p-4" role="status">
            <CheckCircle2 className="mt-0.5 size-5 shrink-0 text-positive" aria-hidden="true" />
            {c.done(state.connection.institution_name)}
          </p>
        ) : state.kind === "missing" ? (
          <FormError message={c.missing} />
        ) : state.kind === "bank-error" ? (
          <FormError message={c.bankError(state.detail)} />
        ) : (
          <div className="grid gap-2">
            <p className="font-medium">{c.failed}</p>
            <FormError error={state.error} />
          </div>
        )}
      </div>
      {state.kind !== "reading" && state.kind !== "working" && (
        <Link href="/banks" className={buttonVariants({ className: "w-fit" })}>
          {c.back}
        </Link>
      )}
    </div>
  );
}
