"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { Download, Loader2, ShieldCheck, ShieldOff } from "lucide-react";
import { useMe } from "@/api/account";
import { ApiError } from "@/api/errors";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { Skeleton } from "@/components/ui/skeleton";
import { DocumentTitle } from "@/components/shell/document-title";
import { FormError, FormSuccess } from "@/features/auth/form-error";
import { newPasswordSchema } from "@/features/auth/schemas";
import { useI18n } from "@/lib/i18n";
import { showServerErrors } from "@/lib/forms";
import { saveFile } from "@/lib/save-file";
import {
  useChangePassword,
  useConfirmTwoFactor,
  useDisableTwoFactor,
  useStartTwoFactor,
  type Enrollment,
} from "./data";

export function SecuritySection() {
  const { t } = useI18n();
  const s = t.settingsPage;
  return (
    <>
      <DocumentTitle title={`${s.nav.security} · ${s.title}`} />
      <PasswordCard />
      <TwoFactorCard />
    </>
  );
}

function PasswordCard() {
  const { t } = useI18n();
  const p = t.settingsPage.password;
  const change = useChangePassword();
  const schema = useMemo(
    () =>
      z
        .object({
          current: z.string().min(1, t.validation.required).max(128, t.validation.max(128)),
          password: newPasswordSchema(t),
          confirm: z.string(),
        })
        .refine((v) => v.password === v.confirm, { path: ["confirm"], message: t.register.mismatch }),
    [t],
  );
  type Values = z.input<typeof schema>;
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { current: "", password: "", confirm: "" } });
  const [failure, setFailure] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    setMessage(null);
    setDone(false);
    try {
      await change.mutateAsync({ current_password: values.current, new_password: values.password });
      form.reset();
      setDone(true);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        form.setError("current", { type: "server", message: p.wrongCurrent }, { shouldFocus: true });
        return;
      }
      const rest = showServerErrors(e, form.setError, ["current", "password"], {
        current_password: "current",
        new_password: "password",
      });
      if (rest.length) setMessage(rest.join(" "));
      else if (!(e instanceof ApiError && e.status === 422)) setFailure(e);
    }
  });

  const { errors, isSubmitting } = form.formState;
  return (
    <Card aria-labelledby="password-title">
      <CardHeader>
        <div className="grid gap-1">
          <CardTitle id="password-title">{p.title}</CardTitle>
          <CardDescription>{p.text}</CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        <form onSubmit={onSubmit} noValidate className="grid max-w-md gap-4" aria-label={p.title}>
          <div aria-live="polite" className="empty:hidden">
            {done && <FormSuccess>{p.done}</FormSuccess>}
          </div>
          <FormError error={failure} message={message} />
          {/* A hidden username lets password managers file the new password under the right account. */}
          <input type="text" autoComplete="username" hidden readOnly value="" />
          <Field
            id="password-current"
            label={p.current}
            type="password"
            autoComplete="current-password"
            error={errors.current?.message}
            {...form.register("current")}
          />
          <Field
            id="password-new"
            label={p.new}
            hint={t.register.passwordHint}
            type="password"
            autoComplete="new-password"
            error={errors.password?.message}
            {...form.register("password")}
          />
          <Field
            id="password-confirm"
            label={t.register.confirm}
            type="password"
            autoComplete="new-password"
            error={errors.confirm?.message}
            {...form.register("confirm")}
          />
          <div>
            <Button type="submit" disabled={isSubmitting}>
              {isSubmitting && <Loader2 className="animate-spin" aria-hidden="true" />}
              {p.submit}
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}

function TwoFactorCard() {
  const { t } = useI18n();
  const f = t.settingsPage.twoFactor;
  const me = useMe();
  const start = useStartTwoFactor();
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [justDisabled, setJustDisabled] = useState(false);
  const enabled = me.data?.two_factor_enabled ?? false;

  const begin = () => {
    setJustDisabled(false);
    start.mutate(undefined, {
      onSuccess: setEnrollment,
      onError: (e) => {
        // Already on (another tab): show it as on.
        if (e instanceof ApiError && e.status === 409) void me.refetch();
      },
    });
  };

  return (
    <Card aria-labelledby="two-factor-title" data-testid="two-factor">
      <CardHeader>
        <div className="grid gap-1">
          <CardTitle id="two-factor-title">{f.title}</CardTitle>
          <CardDescription>{f.text}</CardDescription>
        </div>
        {me.data && !codes && (
          <Badge variant={enabled ? "positive" : "secondary"} data-testid="two-factor-status">
            {enabled ? f.on : f.off}
          </Badge>
        )}
      </CardHeader>
      <CardContent className="grid gap-4">
        {me.isPending ? (
          <Skeleton className="h-10 w-48" />
        ) : codes ? (
          <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />
        ) : enrollment ? (
          <EnrollmentStep
            enrollment={enrollment}
            onCancel={() => setEnrollment(null)}
            onConfirmed={(recovery) => {
              setEnrollment(null);
              setCodes(recovery);
            }}
          />
        ) : enabled ? (
          <DisableForm onDisabled={() => setJustDisabled(true)} />
        ) : (
          <div className="grid gap-3">
            <div aria-live="polite" className="empty:hidden">
              {justDisabled && <FormSuccess>{f.disabled}</FormSuccess>}
            </div>
            {start.isError && !(start.error instanceof ApiError && start.error.status === 409) && (
              <FormError error={start.error} />
            )}
            <p className="text-sm text-muted-foreground">{f.offText}</p>
            <div>
              <Button onClick={begin} disabled={start.isPending} aria-label={f.enable}>
                {start.isPending ? <Loader2 className="animate-spin" aria-hidden="true" /> : <ShieldCheck aria-hidden="true" />}
                {f.enableShort}
              </Button>
            </div>
          </div>
        )}
      </CardContent>
    </Card>
  );
}

/** The secret in groups of four, as authenticator apps show it. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})/g, "$1 ").trim();
}

function EnrollmentStep({
  enrollment,
  onCancel,
  onConfirmed,
}: {
  enrollment: Enrollment;
  onCancel: () => void;
  onConfirmed: (codes: string[]) => void;
}) {
  const { t } = useI18n();
  const f = t.settingsPage.twoFactor;
  const confirm = useConfirmTwoFactor();
  const schema = useMemo(
    () =>
      z.object({
        code: z
          .string()
          .transform((v) => v.replace(/\s+/g, ""))
          .pipe(z.string().regex(/^\d{6}$/, t.validation.code)),
      }),
    [t],
  );
  type Values = z.input<typeof schema>;
  const form = useForm<Values, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { code: "" },
  });
  const [failure, setFailure] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const top = useRef<HTMLDivElement>(null);
  // The steps open below the button that started them: bring them into view.
  useEffect(() => {
    top.current?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, []);

  const onSubmit = form.handleSubmit(async ({ code }) => {
    setFailure(null);
    setMessage(null);
    try {
      onConfirmed(await confirm.mutateAsync(code));
    } catch (e) {
      const rest = showServerErrors(e, form.setError, ["code"]);
      if (rest.length) setMessage(rest.join(" "));
      else if (!(e instanceof ApiError && e.status === 422)) setFailure(e);
    }
  });

  const { errors, isSubmitting } = form.formState;
  return (
    <div ref={top} className="grid scroll-mt-20 gap-5" data-testid="two-factor-enrollment">
      <ol className="grid gap-5 md:grid-cols-[auto_minmax(0,1fr)] md:gap-8">
        <li className="grid justify-items-start gap-2">
          <span className="text-sm font-medium">{f.scan}</span>
          {/* The server draws the QR code; a data: URL keeps it on this page (the CSP allows data: images). */}
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img
            src={`data:image/png;base64,${enrollment.qr_png_base64}`}
            alt={f.qrAlt}
            width={192}
            height={192}
            className="size-48 rounded-lg border bg-white p-2 [image-rendering:pixelated]"
          />
        </li>
        <li className="grid content-start gap-3">
          <span className="text-sm font-medium">{f.manual}</span>
          <div className="flex flex-wrap items-center gap-2">
            <code className="rounded-md border bg-muted px-2 py-1.5 font-mono text-sm break-all" data-testid="totp-secret">
              {grouped(enrollment.secret_base32)}
            </code>
            <CopyButton text={enrollment.secret_base32} label={f.copyKey} doneLabel={t.banksPage.copied} />
          </div>
          <a
            href={enrollment.otpauth_url}
            className="w-fit text-sm text-primary underline-offset-4 hover:underline"
            data-testid="otpauth-link"
          >
            {f.openApp}
          </a>
        </li>
      </ol>
      <form onSubmit={onSubmit} noValidate className="grid max-w-xs gap-4" aria-label={f.confirmTitle}>
        <FormError error={failure} message={message} />
        <Field
          id="two-factor-code"
          label={f.code}
          hint={f.codeHint}
          inputMode="numeric"
          autoComplete="one-time-code"
          spellCheck={false}
          error={errors.code?.message}
          {...form.register("code")}
        />
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={isSubmitting}>
            {isSubmitting && <Loader2 className="animate-spin" aria-hidden="true" />}
            {f.confirm}
          </Button>
          <Button type="button" variant="outline" onClick={onCancel}>
            {t.common.cancel}
          </Button>
        </div>
      </form>
    </div>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useI18n();
  const f = t.settingsPage.twoFactor;
  const text = codes.join("\n");
  const download = () => {
    saveFile(new Blob([`${f.fileHeader}\n\n${text}\n`], { type: "text/plain" }), "kakeibo-recovery-codes.txt");
  };
  return (
    <div className="grid gap-4" data-testid="recovery-codes">
      <FormSuccess>{f.enabled}</FormSuccess>
      <Alert variant="warning" className="grid gap-1">
        <p className="font-medium">{f.codesTitle}</p>
        <p>{f.codesText}</p>
      </Alert>
      <ul className="grid w-fit grid-cols-1 gap-x-8 gap-y-1.5 rounded-lg border bg-muted/40 p-4 font-mono text-sm sm:grid-cols-2">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <CopyButton text={text} label={f.copyCodes} doneLabel={t.banksPage.copied} />
        <Button variant="outline" size="sm" onClick={download}>
          <Download aria-hidden="true" />
          {f.download}
        </Button>
        <Button size="sm" onClick={onDone}>
          {f.saved}
        </Button>
      </div>
    </div>
  );
}

function DisableForm({ onDisabled }: { onDisabled: () => void }) {
  const { t } = useI18n();
  const f = t.settingsPage.twoFactor;
  const disable = useDisableTwoFactor();
  const schema = useMemo(
    () =>
      z.object({
        password: z.string().min(1, t.validation.required).max(128, t.validation.max(128)),
        code: z.string().trim().min(1, t.validation.required).max(32, t.validation.max(32)),
      }),
    [t],
  );
  type Values = z.input<typeof schema>;
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { password: "", code: "" } });
  const [failure, setFailure] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    setMessage(null);
    try {
      await disable.mutateAsync({ password: values.password, code: values.code.replace(/\s+/g, "") });
      onDisabled();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        setMessage(f.wrongPasswordOrCode);
        return;
      }
      const rest = showServerErrors(e, form.setError, ["password", "code"]);
      if (rest.length) setMessage(rest.join(" "));
      else if (!(e instanceof ApiError && e.status === 422)) setFailure(e);
    }
  });

  const { errors, isSubmitting } = form.formState;
  return (
    <form onSubmit={onSubmit} noValidate className="grid max-w-md gap-4" aria-label={f.disable}>
      <p className="text-sm text-muted-foreground">{f.onText}</p>
      <FormError error={failure} message={message} />
      <input type="text" autoComplete="username" hidden readOnly value="" />
      <Field
        id="disable-password"
        label={t.settingsPage.password.current}
        type="password"
        autoComplete="current-password"
        error={errors.password?.message}
        {...form.register("password")}
      />
      <Field
        id="disable-code"
        label={f.codeOrRecovery}
        autoComplete="one-time-code"
        spellCheck={false}
        error={errors.code?.message}
        {...form.register("code")}
      />
      <div>
        <Button type="submit" variant="destructive" disabled={isSubmitting} aria-label={f.disable}>
          {isSubmitting ? <Loader2 className="animate-spin" aria-hidden="true" /> : <ShieldOff aria-hidden="true" />}
          {f.disableShort}
        </Button>
      </div>
    </form>
  );
}
