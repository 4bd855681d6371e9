"use client";

import { useMemo, useState } from "react";
import dynamic from "next/dynamic";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { KeyRound, Loader2, Plus, Trash2 } from "lucide-react";
import { ApiError } from "@/api/errors";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { DocumentTitle } from "@/components/shell/document-title";
import { FormError } from "@/features/auth/form-error";
import { SectionError } from "@/features/budgets/states";
import { useI18n } from "@/lib/i18n";
import { showServerErrors } from "@/lib/forms";
import { formatDateTime, formatRelative } from "@/lib/relative-time";
import { useApiTokens, useCreateToken, useRevokeToken, type ApiTokenInfo, type CreatedToken } from "./data";

const ConfirmDialog = dynamic(() => import("@/components/ui/confirm-dialog").then((m) => m.ConfirmDialog), {
  ssr: false,
});

export function TokensSection() {
  const { t } = useI18n();
  const s = t.settingsPage;
  const k = s.tokens;
  const tokens = useApiTokens();
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiTokenInfo | null>(null);
  const revoke = useRevokeToken();

  return (
    <Card aria-labelledby="tokens-title">
      <DocumentTitle title={`${s.nav.tokens} · ${s.title}`} />
      <CardHeader className="flex-wrap">
        <div className="grid gap-1">
          <CardTitle id="tokens-title">{k.title}</CardTitle>
          <CardDescription>{k.text}</CardDescription>
        </div>
        {!creating && !created && (
          <Button onClick={() => setCreating(true)}>
            <Plus aria-hidden="true" />
            {k.create}
          </Button>
        )}
      </CardHeader>
      <CardContent className="grid gap-5">
        {created ? (
          <NewSecret
            token={created}
            onDone={() => {
              setCreated(null);
            }}
          />
        ) : creating ? (
          <TokenForm
            onCancel={() => setCreating(false)}
            onCreated={(token) => {
              setCreating(false);
              setCreated(token);
            }}
          />
        ) : null}
        {tokens.isPending ? (
          <Skeleton className="h-24 w-full" />
        ) : tokens.isError ? (
          <SectionError error={tokens.error} onRetry={() => void tokens.refetch()} />
        ) : tokens.data.length === 0 ? (
          <p className="rounded-lg border border-dashed p-5 text-sm text-muted-foreground">{k.none}</p>
        ) : (
          <TokenTable tokens={tokens.data} onRevoke={setRevoking} />
        )}
      </CardContent>
      {revoking && (
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => {
          if (!open) {
            revoke.reset();
            setRevoking(null);
          }
        }}
        title={revoking ? k.revokeTitle(revoking.name) : ""}
        description={k.revokeText}
        confirmLabel={k.revoke}
        cancelLabel={t.common.cancel}
        closeLabel={t.common.close}
        busy={revoke.isPending}
        error={revoke.isError ? <FormError error={revoke.error} /> : null}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
      />
      )}
    </Card>
  );
}

function TokenTable({ tokens, onRevoke }: { tokens: ApiTokenInfo[]; onRevoke: (token: ApiTokenInfo) => void }) {
  const { t, locale, timeZone } = useI18n();
  const k = t.settingsPage.tokens;
  return (
    <div className="overflow-x-auto rounded-lg border">
      <table className="w-full text-sm" data-testid="tokens-table">
        <caption className="sr-only">{k.title}</caption>
        <thead>
          <tr className="border-b text-left text-xs text-muted-foreground">
            <th scope="col" className="px-3 py-2 font-medium">
              {k.columns.name}
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              {k.columns.scopes}
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
              {k.columns.created}
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium whitespace-nowrap sm:table-cell">
              {k.columns.lastUsed}
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium lg:table-cell">
              {k.columns.expires}
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              <span className="sr-only">{k.columns.actions}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id} className="border-b last:border-0">
              <th scope="row" className="px-3 py-2 text-left font-medium">
                {token.name}
                <span className="block font-mono text-xs font-normal text-muted-foreground">{`${token.display_hint}…`}</span>
              </th>
              <td className="px-3 py-2">
                <span className="flex flex-wrap gap-1">
                  {token.scopes.map((scope) => (
                    <Badge key={scope} variant="secondary">
                      {k.scopeNames[scope] ?? scope}
                    </Badge>
                  ))}
                </span>
              </td>
              <td className="hidden px-3 py-2 whitespace-nowrap md:table-cell">
                {formatDateTime(token.created_at, locale, timeZone)}
              </td>
              <td className="hidden px-3 py-2 whitespace-nowrap sm:table-cell">
                {token.last_used_at ? formatRelative(token.last_used_at, locale) : k.neverUsed}
              </td>
              <td className="hidden px-3 py-2 whitespace-nowrap lg:table-cell">
                {token.expires_at ? formatDateTime(token.expires_at, locale, timeZone) : k.noExpiry}
              </td>
              <td className="px-3 py-1.5 text-right">
                <Button variant="ghost" size="sm" onClick={() => onRevoke(token)} aria-label={k.revokeName(token.name)}>
                  <Trash2 aria-hidden="true" />
                  <span className="hidden sm:inline">{k.revoke}</span>
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const EXPIRY = ["", "30", "90", "365"] as const;

function TokenForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (token: CreatedToken) => void }) {
  const { t } = useI18n();
  const k = t.settingsPage.tokens;
  const create = useCreateToken();
  const schema = useMemo(
    () =>
      z.object({
        name: z.string().trim().min(1, t.validation.required).max(100, t.validation.max(100)),
        read: z.boolean(),
        write: z.boolean(),
        expires: z.enum(EXPIRY),
      }).refine((v) => v.read || v.write, { path: ["read"], message: k.scopesRequired }),
    [t, k],
  );
  type Values = z.input<typeof schema>;
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { name: "", read: true, write: false, expires: "90" },
  });
  const [failure, setFailure] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    setMessage(null);
    const scopes = [values.read && "read", values.write && "write"].filter((s): s is string => Boolean(s));
    try {
      onCreated(
        await create.mutateAsync({
          name: values.name.trim(),
          scopes,
          expires_in_days: values.expires ? Number(values.expires) : null,
        }),
      );
    } catch (e) {
      if (e instanceof ApiError && e.status === 403) {
        setMessage(k.verifyFirst);
        return;
      }
      const rest = showServerErrors(e, form.setError, ["name", "read", "expires"], {
        scopes: "read",
        "scopes[0]": "read",
        "scopes[1]": "read",
        expires_in_days: "expires",
      });
      if (rest.length) setMessage(rest.join(" "));
      else if (!(e instanceof ApiError && e.status === 422)) setFailure(e);
    }
  });

  const { errors, isSubmitting } = form.formState;
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="grid gap-4 rounded-lg border bg-muted/30 p-4"
      aria-label={k.create}
      data-testid="token-form"
    >
      <FormError error={failure} message={message} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id="token-name"
          label={k.name}
          hint={k.nameHint}
          autoComplete="off"
          autoFocus
          error={errors.name?.message}
          {...form.register("name")}
        />
        <SelectField id="token-expires" label={k.expires} error={errors.expires?.message} {...form.register("expires")}>
          {EXPIRY.map((days) => (
            <option key={days} value={days}>
              {days ? k.days(Number(days)) : k.noExpiry}
            </option>
          ))}
        </SelectField>
      </div>
      <fieldset className="grid gap-2" aria-describedby={errors.read ? "token-scopes-error" : undefined}>
        <legend className="mb-1 text-sm font-medium">{k.scopes}</legend>
        {(["read", "write"] as const).map((scope) => (
          <div key={scope} className="flex items-start gap-2 text-sm">
            <input
              id={`token-${scope}`}
              type="checkbox"
              className="mt-0.5 size-4 accent-[var(--primary)]"
              aria-describedby={`token-${scope}-hint`}
              {...form.register(scope)}
            />
            <div>
              <label htmlFor={`token-${scope}`} className="font-medium">
                {k.scopeNames[scope]}
              </label>
              <p id={`token-${scope}-hint`} className="text-muted-foreground">
                {scope === "read" ? k.readHint : k.writeHint}
              </p>
            </div>
          </div>
        ))}
        {errors.read && (
          <p id="token-scopes-error" className="text-sm text-destructive" role="alert">
            {errors.read.message}
          </p>
        )}
      </fieldset>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? <Loader2 className="animate-spin" aria-hidden="true" /> : <KeyRound aria-hidden="true" />}
          {k.submit}
        </Button>
        <Button type="button" variant="outline" onClick={onCancel}>
          {t.common.cancel}
        </Button>
      </div>
    </form>
  );
}

function NewSecret({ token, onDone }: { token: CreatedToken; onDone: () => void }) {
  const { t } = useI18n();
  const k = t.settingsPage.tokens;
  return (
    <Alert variant="success" className="grid gap-3" data-testid="new-token">
      <p className="font-medium">{k.createdTitle(token.name)}</p>
      <p>{k.createdText}</p>
      <div className="flex flex-wrap items-center gap-2">
        <code
          className="min-w-0 flex-1 rounded-md border bg-card px-2 py-1.5 font-mono text-xs break-all"
          data-testid="new-token-secret"
        >
          {token.token}
        </code>
        <CopyButton text={token.token} label={t.banksPage.copy} doneLabel={t.banksPage.copied} />
      </div>
      <div>
        <Button size="sm" onClick={onDone}>
          {k.done}
        </Button>
      </div>
    </Alert>
  );
}
