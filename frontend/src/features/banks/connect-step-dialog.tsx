"use client";

import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { ExternalLink, Info, Loader2 } from "lucide-react";
import { ApiError } from "@/api/errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormError } from "@/features/auth/form-error";
import { useI18n } from "@/lib/i18n";
import { showServerErrors } from "@/lib/forms";
import { formatDateTime } from "@/lib/relative-time";
import { useCompleteConnection, type Connection } from "./data";
import type { Flow } from "./connect-flow";

/** What the person does to finish a connection: consent at the bank, or a token to paste. */
export function ConnectStepDialog({
  flow,
  onClose,
  onFinished,
}: {
  flow: Flow | null;
  onClose: () => void;
  onFinished: (connection: Connection) => void;
}) {
  const { t } = useI18n();
  const s = t.banksPage.step;
  return (
    <Dialog open={flow !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent closeLabel={t.common.close} data-testid="connect-step">
        {flow && (
          <>
            <DialogHeader>
              <DialogTitle>{s.title(flow.connection.institution_name)}</DialogTitle>
              <DialogDescription>
                {flow.step.kind === "redirect"
                  ? s.redirectText
                  : flow.step.kind === "link_token"
                    ? s.linkTokenText
                    : s.pasteText}
              </DialogDescription>
            </DialogHeader>
            {flow.step.kind === "redirect" ? (
              <DialogFooter>
                <Button variant="outline" onClick={onClose}>
                  {t.common.cancel}
                </Button>
                <Button asChild>
                  <a href={flow.step.url} rel="noreferrer">
                    {s.redirectButton}
                    <ExternalLink aria-hidden="true" />
                  </a>
                </Button>
              </DialogFooter>
            ) : flow.step.kind === "link_token" ? (
              <LinkTokenStep
                connection={flow.connection}
                linkToken={flow.step.link_token}
                expiration={flow.step.expiration ?? null}
                onCancel={onClose}
                onFinished={onFinished}
              />
            ) : (
              <TokenForm
                connection={flow.connection}
                label={s.setupToken}
                onCancel={onClose}
                onFinished={onFinished}
              />
            )}
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}

function LinkTokenStep({
  connection,
  linkToken,
  expiration,
  onCancel,
  onFinished,
}: {
  connection: Connection;
  linkToken: string;
  expiration: string | null;
  onCancel: () => void;
  onFinished: (connection: Connection) => void;
}) {
  const { t, locale, timeZone } = useI18n();
  const b = t.banksPage;
  return (
    <div className="grid gap-4">
      <Alert className="flex gap-2">
        <Info className="mt-0.5 shrink-0" aria-hidden="true" />
        <span>{b.step.linkTokenHow}</span>
      </Alert>
      <div className="grid gap-1.5">
        <span className="text-sm font-medium" id="link-token-label">
          {b.step.linkToken}
        </span>
        <div className="flex items-center gap-2">
          <code
            aria-labelledby="link-token-label"
            className="min-w-0 flex-1 truncate rounded-md border bg-muted px-2 py-1.5 font-mono text-xs"
            data-testid="link-token"
          >
            {linkToken}
          </code>
          <CopyButton text={linkToken} label={b.copy} doneLabel={b.copied} />
        </div>
        {expiration && (
          <p className="text-xs text-muted-foreground">{b.step.expires(formatDateTime(expiration, locale, timeZone))}</p>
        )}
      </div>
      <TokenForm connection={connection} label={b.step.publicToken} onCancel={onCancel} onFinished={onFinished} />
    </div>
  );
}

function TokenForm({
  connection,
  label,
  onCancel,
  onFinished,
}: {
  connection: Connection;
  label: string;
  onCancel: () => void;
  onFinished: (connection: Connection) => void;
}) {
  const { t } = useI18n();
  const s = t.banksPage.step;
  const complete = useCompleteConnection();
  const schema = useMemo(
    () => z.object({ token: z.string().trim().min(1, s.tokenRequired).max(4096, t.validation.max(4096)) }),
    [s, t],
  );
  type Values = z.input<typeof schema>;
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { token: "" } });
  const [failure, setFailure] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);

  const onSubmit = form.handleSubmit(async ({ token }) => {
    setFailure(null);
    setMessage(null);
    try {
      onFinished(await complete.mutateAsync({ id: connection.id, token: token.trim() }));
    } catch (e) {
      const rest = showServerErrors(e, form.setError, ["token"]);
      if (rest.length) setMessage(rest.join(" "));
      else if (!(e instanceof ApiError && e.status === 422)) setFailure(e);
    }
  });

  const { errors, isSubmitting } = form.formState;
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <FormError error={failure} message={message} />
      <Field
        id="connection-token"
        label={label}
        autoComplete="off"
        spellCheck={false}
        autoFocus
        error={errors.token?.message}
        {...form.register("token")}
      />
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onCancel}>
          {t.common.cancel}
        </Button>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting && <Loader2 className="animate-spin" aria-hidden="true" />}
          {s.submit}
        </Button>
      </DialogFooter>
    </form>
  );
}
