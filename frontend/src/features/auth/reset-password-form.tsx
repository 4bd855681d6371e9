"use client";

import { useMemo, useState } from "react";
import Link from "next/link";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { resetPassword } from "@/api/account";
import { ApiError } from "@/api/errors";
import { Button, buttonVariants } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { DocumentTitle } from "@/components/shell/document-title";
import { useI18n } from "@/lib/i18n";
import { showServerErrors } from "@/lib/forms";
import { useQueryParam } from "@/lib/use-query-param";
import { FormError, FormSuccess } from "./form-error";
import { newPasswordSchema } from "./schemas";

export function ResetPasswordForm() {
  const { t } = useI18n();
  const token = useQueryParam("token");
  const schema = useMemo(
    () =>
      z
        .object({ password: newPasswordSchema(t), confirm: z.string() })
        .refine((v) => v.password === v.confirm, { path: ["confirm"], message: t.register.mismatch }),
    [t],
  );
  type Values = z.infer<typeof schema>;
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { password: "", confirm: "" } });
  const [failure, setFailure] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [badLink, setBadLink] = useState(false);
  const [done, setDone] = useState(false);

  const onSubmit = form.handleSubmit(async ({ password }) => {
    setFailure(null);
    setMessage(null);
    if (!token) return;
    try {
      await resetPassword(token, password);
      setDone(true);
    } catch (e) {
      const rest = showServerErrors(e, form.setError, ["password"], { new_password: "password" });
      if (e instanceof ApiError && e.status === 400) setBadLink(true);
      else if (rest.length) setMessage(rest.join(" "));
      else if (!(e instanceof ApiError && e.status === 422)) setFailure(e);
    }
  });

  const { errors, isSubmitting } = form.formState;
  return (
    <div className="grid gap-6">
      <DocumentTitle title={t.reset.title} />
      <h1 className="text-2xl font-semibold tracking-tight">{t.reset.title}</h1>
      {done ? (
        <>
          <FormSuccess>{t.reset.done}</FormSuccess>
          <Link href="/login" className={buttonVariants()}>
            {t.login.submit}
          </Link>
        </>
      ) : token === null || badLink ? (
        <>
          <FormError message={token === null ? t.verify.missing : t.reset.failed} />
          <Link href="/forgot-password" className={buttonVariants({ variant: "outline" })}>
            {t.reset.again}
          </Link>
        </>
      ) : (
        <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label={t.reset.title}>
          <FormError error={failure} message={message} />
          <Field
            id="password"
            label={t.reset.newPassword}
            type="password"
            autoComplete="new-password"
            hint={t.register.passwordHint}
            error={errors.password?.message}
            {...form.register("password")}
          />
          <Field
            id="confirm"
            label={t.register.confirm}
            type="password"
            autoComplete="new-password"
            error={errors.confirm?.message}
            {...form.register("confirm")}
          />
          <Button type="submit" disabled={isSubmitting || token === undefined} className="w-full">
            {t.reset.submit}
          </Button>
        </form>
      )}
    </div>
  );
}
