"use client";

import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { Clock, Loader2 } from "lucide-react";
import { ApiError } from "@/api/errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormError } from "@/features/auth/form-error";
import { showServerErrors } from "@/lib/forms";
import { useI18n } from "@/lib/i18n";
import { formatDateTime } from "@/lib/relative-time";
import { useDeleteAccount } from "./data";

const DAY_MS = 86_400_000;

/**
 * Asks the password (and, with 2FA on, a code) before the account is deleted. The server's
 * answers land beside their field: 401 a wrong password or code, 422 a missing code, 429
 * too many tries. On success the app signs out (see `useDeleteAccount`). What happens next
 * (erased in N days, or at once) is said before the password is asked.
 */
export function DeleteAccountDialog({
  openedAt,
  onOpenChange,
  twoFactor,
  graceDays,
}: {
  /** When it was opened (`Date.now()`); `null` when closed. */
  openedAt: number | null;
  onOpenChange: (open: boolean) => void;
  twoFactor: boolean;
  /** The server's grace period; unknown while it loads or when it could not be read. */
  graceDays: number | undefined;
}) {
  const { t, locale, timeZone } = useI18n();
  const x = t.privacyPage;
  const remove = useDeleteAccount();
  // The server may know better than the cached profile that 2FA is on (its 422 says so).
  const [codeNeeded, setCodeNeeded] = useState(twoFactor);
  const askCode = twoFactor || codeNeeded;
  const schema = useMemo(
    () =>
      z.object({
        password: z.string().min(1, t.validation.required).max(128, t.validation.max(128)),
        code: askCode
          ? z.string().trim().min(1, t.validation.required).max(32, t.validation.max(32))
          : z.string().max(32, t.validation.max(32)),
      }),
    [t, askCode],
  );
  type Values = z.input<typeof schema>;
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { password: "", code: "" } });
  const [failure, setFailure] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    setMessage(null);
    const code = values.code.replace(/\s+/g, "");
    try {
      await remove.mutateAsync({ password: values.password, code: askCode && code ? code : null });
    } catch (e) {
      if (!(e instanceof ApiError)) {
        setFailure(e);
        return;
      }
      const focus = { shouldFocus: true };
      if (e.status === 401) {
        form.setError("password", { type: "server", message: askCode ? x.wrongPasswordOrCode : x.wrongPassword }, focus);
      } else if (e.status === 429) {
        const minutes = Math.ceil((e.retryAfterSecs ?? 60) / 60);
        form.setError("password", { type: "server", message: x.tooMany(minutes) }, focus);
      } else if (e.status === 422 && e.fields.some((f) => f.field === "code")) {
        setCodeNeeded(true);
        // The field appears with this render; its message waits for it.
        setTimeout(() => form.setError("code", { type: "server", message: x.codeMissing }, focus));
      } else {
        const rest = showServerErrors(e, form.setError, ["password", "code"]);
        if (rest.length) setMessage(rest.join(" "));
        else if (e.status !== 422) setFailure(e);
      }
    }
  });

  const close = (next: boolean) => {
    if (!next) {
      form.reset({ password: "", code: "" });
      setFailure(null);
      setMessage(null);
    }
    onOpenChange(next);
  };

  const { errors, isSubmitting } = form.formState;
  return (
    <Dialog open={openedAt !== null} onOpenChange={close}>
      <DialogContent
        closeLabel={x.close}
        data-testid="delete-account-dialog"
        // The password first (not `autoFocus`: the dialog must see its opener focused, to
        // give the focus back when it closes).
        onOpenAutoFocus={(event) => {
          event.preventDefault();
          form.setFocus("password");
        }}
      >
        <DialogHeader>
          <DialogTitle>{x.dialogTitle}</DialogTitle>
        </DialogHeader>
        {/* The whole of it is the dialog's description: a screen reader hears the grace period on opening. */}
        <DialogDescription asChild>
          <div className="grid gap-3">
            <p>{x.dialogText}</p>
            <Alert variant="warning" className="flex gap-2" data-testid="delete-grace">
              <Clock className="mt-0.5 shrink-0" aria-hidden="true" />
              <span>
                {graceDays === undefined
                  ? x.dialogGraceUnknown
                  : graceDays === 0
                    ? x.dialogNow
                    : x.dialogGrace(graceDays, formatDateTime(new Date((openedAt ?? 0) + graceDays * DAY_MS).toISOString(), locale, timeZone))}
              </span>
            </Alert>
          </div>
        </DialogDescription>
        <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label={x.dialogTitle}>
          <FormError error={failure} message={message} />
          <input type="text" autoComplete="username" hidden readOnly value="" />
          <Field
            id="delete-password"
            label={x.password}
            type="password"
            autoComplete="current-password"
            error={errors.password?.message}
            {...form.register("password")}
          />
          {askCode && (
            <Field
              id="delete-code"
              label={x.code}
              hint={x.codeHint}
              autoComplete="one-time-code"
              spellCheck={false}
              error={errors.code?.message}
              {...form.register("code")}
            />
          )}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => close(false)}>
              {x.cancel}
            </Button>
            <Button type="submit" variant="destructive" disabled={isSubmitting}>
              {isSubmitting && <Loader2 className="animate-spin" aria-hidden="true" />}
              {x.confirm}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
