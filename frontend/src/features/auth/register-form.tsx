"use client";

import { useMemo, useState } from "react";
import Link from "next/link";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { ApiError } from "@/api/errors";
import { register } from "@/api/account";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { DocumentTitle } from "@/components/shell/document-title";
import { useI18n } from "@/lib/i18n";
import { showServerErrors } from "@/lib/forms";
import { FormError } from "./form-error";
import { useSignedInRedirect } from "./use-signed-in-redirect";
import { emailSchema, newPasswordSchema } from "./schemas";

export function RegisterForm() {
  const { t } = useI18n();
  useSignedInRedirect();
  const schema = useMemo(
    () =>
      z
        .object({
          display_name: z.string().trim().max(100, t.validation.max(100)),
          email: emailSchema(t),
          password: newPasswordSchema(t),
          confirm: z.string(),
        })
        .refine((v) => v.password === v.confirm, { path: ["confirm"], message: t.register.mismatch }),
    [t],
  );
  type Values = z.infer<typeof schema>;
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { display_name: "", email: "", password: "", confirm: "" },
  });
  const [failure, setFailure] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);

  const onSubmit = form.handleSubmit(async ({ display_name, email, password }) => {
    setFailure(null);
    setMessage(null);
    try {
      await register({ display_name, email, password });
      // Signed in: useSignedInRedirect goes on to the overview.
    } catch (e) {
      const rest = showServerErrors(e, form.setError, ["display_name", "email", "password"]);
      if (e instanceof ApiError && e.status === 409) setMessage(t.register.emailTaken);
      else if (rest.length) setMessage(rest.join(" "));
      else if (!(e instanceof ApiError && e.status === 422)) setFailure(e);
    }
  });

  const { errors, isSubmitting } = form.formState;
  return (
    <div className="grid gap-6">
      <DocumentTitle title={t.register.title} />
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{t.register.title}</h1>
        <p className="text-sm text-muted-foreground">{t.register.subtitle}</p>
      </div>
      <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label={t.register.title}>
        <FormError error={failure} message={message} />
        <Field
          id="display_name"
          label={t.register.displayName}
          autoComplete="name"
          error={errors.display_name?.message}
          {...form.register("display_name")}
        />
        <Field
          id="email"
          label={t.login.email}
          type="email"
          autoComplete="email"
          inputMode="email"
          error={errors.email?.message}
          {...form.register("email")}
        />
        <Field
          id="password"
          label={t.login.password}
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
        <Button type="submit" disabled={isSubmitting} className="w-full">
          {isSubmitting ? t.register.submitting : t.register.submit}
        </Button>
      </form>
      <p className="text-center text-sm text-muted-foreground">
        {t.register.haveAccount}{" "}
        <Link href="/login" className="font-medium text-primary underline-offset-4 hover:underline">
          {t.register.login}
        </Link>
      </p>
    </div>
  );
}
