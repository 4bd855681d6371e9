"use client";

import { useMemo, useState } from "react";
import Link from "next/link";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { forgotPassword } from "@/api/account";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { DocumentTitle } from "@/components/shell/document-title";
import { useI18n } from "@/lib/i18n";
import { showServerErrors } from "@/lib/forms";
import { FormError, FormSuccess } from "./form-error";
import { emailSchema } from "./schemas";

export function ForgotPasswordForm() {
  const { t } = useI18n();
  const schema = useMemo(() => z.object({ email: emailSchema(t) }), [t]);
  type Values = z.infer<typeof schema>;
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { email: "" } });
  const [failure, setFailure] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [sent, setSent] = useState(false);

  const onSubmit = form.handleSubmit(async ({ email }) => {
    setFailure(null);
    setMessage(null);
    try {
      await forgotPassword(email);
      setSent(true);
    } catch (e) {
      const rest = showServerErrors(e, form.setError, ["email"]);
      if (rest.length) setMessage(rest.join(" "));
      else setFailure(e);
    }
  });

  const { errors, isSubmitting } = form.formState;
  return (
    <div className="grid gap-6">
      <DocumentTitle title={t.forgot.title} />
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{t.forgot.title}</h1>
        <p className="text-sm text-muted-foreground">{t.forgot.text}</p>
      </div>
      {sent ? (
        <FormSuccess>{t.forgot.sent}</FormSuccess>
      ) : (
        <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label={t.forgot.title}>
          <FormError error={failure} message={message} />
          <Field
            id="email"
            label={t.login.email}
            type="email"
            autoComplete="email"
            inputMode="email"
            error={errors.email?.message}
            {...form.register("email")}
          />
          <Button type="submit" disabled={isSubmitting} className="w-full">
            {t.forgot.submit}
          </Button>
        </form>
      )}
      <Link href="/login" className="text-center text-sm text-primary underline-offset-4 hover:underline">
        {t.login.back}
      </Link>
    </div>
  );
}
