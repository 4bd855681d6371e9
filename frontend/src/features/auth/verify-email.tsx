"use client";

import { useEffect, useRef, useState } from "react";
import Link from "next/link";
import { useQueryClient } from "@tanstack/react-query";
import { verifyEmail, useSession } from "@/api/account";
import { keys } from "@/api/keys";
import { ApiError } from "@/api/errors";
import { buttonVariants } from "@/components/ui/button";
import { DocumentTitle } from "@/components/shell/document-title";
import { useI18n } from "@/lib/i18n";
import { useQueryParam } from "@/lib/use-query-param";
import { FormError, FormSuccess } from "./form-error";

type State = { kind: "working" } | { kind: "done" } | { kind: "failed"; error: unknown } | { kind: "missing" };

export function VerifyEmail() {
  const { t } = useI18n();
  const token = useQueryParam("token");
  const { status } = useSession();
  const [state, setState] = useState<State>({ kind: "working" });
  const sent = useRef(false);
  const qc = useQueryClient();

  useEffect(() => {
    if (token === undefined || sent.current) return;
    sent.current = true;
    if (!token) {
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setState({ kind: "missing" });
      return;
    }
    verifyEmail(token).then(
      () => {
        setState({ kind: "done" });
        void qc.invalidateQueries({ queryKey: keys.me });
      },
      (error: unknown) => setState({ kind: "failed", error }),
    );
  }, [token, qc]);

  return (
    <div className="grid gap-4">
      <DocumentTitle title={t.verify.title} />
      <h1 className="text-2xl font-semibold tracking-tight">{t.verify.title}</h1>
      <div aria-live="polite" className="grid gap-4">
        {state.kind === "working" && <p className="text-muted-foreground">{t.verify.verifying}</p>}
        {state.kind === "done" && <FormSuccess>{t.verify.done}</FormSuccess>}
        {state.kind === "missing" && <FormError message={t.verify.missing} />}
        {state.kind === "failed" && (
          <FormError
            error={state.error}
            message={state.error instanceof ApiError && state.error.status === 400 ? t.verify.failed : null}
          />
        )}
      </div>
      {state.kind !== "working" && (
        <Link href={status === "signed-in" ? "/" : "/login"} className={buttonVariants()}>
          {t.verify.continue}
        </Link>
      )}
    </div>
  );
}
