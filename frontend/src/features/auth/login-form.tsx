"use client";

import { useMemo, useState } from "react";
import Link from "next/link";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { ApiError } from "@/api/errors";
import { login, loginSecondFactor, useSession } from "@/api/account";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";
import { DocumentTitle } from "@/components/shell/document-title";
import { useI18n } from "@/lib/i18n";
import { showServerErrors } from "@/lib/forms";
import { useQueryParam } from "@/lib/use-query-param";
import { DeletedNotice } from "@/features/privacy/account-notice";
import { accountNotice } from "@/features/privacy/data";
import { FormError } from "./form-error";
import { useSignedInRedirect } from "./use-signed-in-redirect";
import { emailSchema } from "./schemas";

export function LoginForm() {
  const { t } = useI18n();
  const [challenge, setChallenge] = useState<string | null>(null);
  const reason = useQueryParam("reason");
  const { ended } = useSession();
  useSignedInRedirect();

  return (
    <div className="grid gap-6">
      <DocumentTitle title={t.login.title} />
      {challenge ? (
        <SecondFactor challenge={challenge} onRestart={() => setChallenge(null)} />
      ) : (
        <>
          <div className="grid gap-1">
            <h1 className="text-2xl font-semibold tracking-tight">{t.login.title}</h1>
            <p className="text-sm text-muted-foreground">{t.login.subtitle}</p>
          </div>
          <DeletedNotice />
          {(reason === "expired" || ended === "expired") && (
            <Alert variant="warning" role="status">
              {t.login.expired}
            </Alert>
          )}
          <PasswordStep onChallenge={setChallenge} />
          <p className="text-center text-sm text-muted-foreground">
            {t.login.noAccount}{" "}
            <Link href="/register" className="font-medium text-primary underline-offset-4 hover:underline">
              {t.login.register}
            </Link>
          </p>
        </>
      )}
    </div>
  );
}

function PasswordStep({ onChallenge }: { onChallenge: (challengeToken: string) => void }) {
  const { t } = useI18n();
  const schema = useMemo(
    () =>
      z.object({
        email: emailSchema(t),
        password: z.string().min(1, t.validation.required).max(128, t.validation.max(128)),
      }),
    [t],
  );
  type Values = z.infer<typeof schema>;
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { email: "", password: "" } });
  const [failure, setFailure] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    setMessage(null);
    try {
      const outcome = await login(values.email, values.password);
      if (outcome.kind === "two-factor") onChallenge(outcome.challengeToken);
      else accountNotice.set(outcome.deletionCancelled ? { kind: "deletion-cancelled" } : null);
      // Signed in: useSignedInRedirect moves on to `next`.
    } catch (e) {
      const rest = showServerErrors(e, form.setError, ["email", "password"]);
      if (e instanceof ApiError && e.status === 401) setMessage(t.login.invalid);
      else if (rest.length) setMessage(rest.join(" "));
      else setFailure(e);
    }
  });

  const { errors, isSubmitting } = form.formState;
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label={t.login.title}>
      <FormError error={failure} message={message} />
      <Field
        id="email"
        label={t.login.email}
        type="email"
        autoComplete="username"
        inputMode="email"
        error={errors.email?.message}
        {...form.register("email")}
      />
      <div className="grid gap-1.5">
        <Field
          id="password"
          label={t.login.password}
          type="password"
          autoComplete="current-password"
          error={errors.password?.message}
          {...form.register("password")}
        />
        <Link
          href="/forgot-password"
          className="justify-self-end text-sm text-primary underline-offset-4 hover:underline"
        >
          {t.login.forgot}
        </Link>
      </div>
      <Button type="submit" disabled={isSubmitting} className="w-full">
        {isSubmitting ? t.login.submitting : t.login.submit}
      </Button>
    </form>
  );
}

function SecondFactor({ challenge, onRestart }: { challenge: string; onRestart: () => void }) {
  const { t } = useI18n();
  const [recovery, setRecovery] = useState(false);
  const schema = useMemo(
    () =>
      z.object({
        code: recovery
          ? z.string().trim().min(1, t.validation.required).max(64, t.validation.max(64))
          : z
              .string()
              .transform((v) => v.replace(/\s+/g, ""))
              .pipe(z.string().regex(/^\d{6}$/, t.validation.code)),
      }),
    [t, recovery],
  );
  type Values = z.input<typeof schema>;
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { code: "" } });
  const [failure, setFailure] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [expired, setExpired] = useState(false);

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    setMessage(null);
    const code = values.code.trim();
    try {
      const { deletionCancelled } = await loginSecondFactor(
        challenge,
        recovery ? { recovery_code: code } : { code: code.replace(/\s+/g, "") },
      );
      accountNotice.set(deletionCancelled ? { kind: "deletion-cancelled" } : null);
    } catch (e) {
      const rest = showServerErrors(e, form.setError, ["code"], { recovery_code: "code" });
      if (e instanceof ApiError && e.status === 401) {
        if (e.code === "invalid_code") setMessage(t.login.invalidCode);
        else setExpired(true);
      } else if (rest.length) setMessage(rest.join(" "));
      else setFailure(e);
    }
  });

  const switchMode = () => {
    setRecovery((r) => !r);
    form.reset({ code: "" });
    setMessage(null);
  };

  const { errors, isSubmitting } = form.formState;
  return (
    <div className="grid gap-4">
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{t.login.twoFactorTitle}</h1>
        <p className="text-sm text-muted-foreground">{recovery ? t.login.recoveryText : t.login.twoFactorText}</p>
      </div>
      {expired ? (
        <>
          <FormError message={t.login.challengeExpired} />
          <Button onClick={onRestart}>{t.login.back}</Button>
        </>
      ) : (
        <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label={t.login.twoFactorTitle}>
          <FormError error={failure} message={message} />
          <Field
            key={recovery ? "recovery" : "code"}
            id="code"
            label={recovery ? t.login.recoveryCode : t.login.code}
            autoComplete="one-time-code"
            inputMode={recovery ? "text" : "numeric"}
            autoFocus
            spellCheck={false}
            error={errors.code?.message}
            {...form.register("code")}
          />
          <Button type="submit" disabled={isSubmitting} className="w-full">
            {t.login.verify}
          </Button>
          <div className="flex flex-wrap justify-between gap-2 text-sm">
            <button type="button" onClick={switchMode} className="text-primary underline-offset-4 hover:underline">
              {recovery ? t.login.useCode : t.login.useRecovery}
            </button>
            <button type="button" onClick={onRestart} className="text-muted-foreground underline-offset-4 hover:underline">
              {t.login.back}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
