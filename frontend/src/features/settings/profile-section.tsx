"use client";

import { useMemo, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { Loader2 } from "lucide-react";
import { useMe } from "@/api/account";
import { ApiError } from "@/api/errors";
import type { Me } from "@/api/types";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Combobox } from "@/components/ui/combobox";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { DocumentTitle } from "@/components/shell/document-title";
import { FormError, FormSuccess } from "@/features/auth/form-error";
import { SectionError } from "@/features/budgets/states";
import { useI18n } from "@/lib/i18n";
import { showServerErrors } from "@/lib/forms";
import { currencyCodes, currencyName, timeZones, zoneOffset } from "@/lib/intl-lists";
import { useUpdateProfile } from "./data";

/** The languages the app speaks, with the regional formats people ask for most. */
const LOCALES = ["en", "en-GB", "en-US", "de", "de-DE", "de-AT", "de-CH"];
const FIELDS = ["display_name", "time_zone", "base_currency", "locale"] as const;

export function ProfileSection() {
  const { t } = useI18n();
  const s = t.settingsPage;
  const me = useMe();
  return (
    <Card aria-labelledby="profile-title">
      <DocumentTitle title={`${s.nav.profile} · ${s.title}`} />
      <CardHeader>
        <div className="grid gap-1">
          <CardTitle id="profile-title">{s.profile.title}</CardTitle>
          <CardDescription>{s.profile.text}</CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        {me.isPending ? (
          <div className="grid gap-4" aria-busy="true">
            <span className="sr-only">{t.common.loading}</span>
            <Skeleton className="h-10 w-full" />
            <Skeleton className="h-10 w-full" />
            <Skeleton className="h-10 w-full" />
          </div>
        ) : me.isError ? (
          <SectionError error={me.error} onRetry={() => void me.refetch()} />
        ) : (
          <ProfileForm me={me.data} />
        )}
      </CardContent>
    </Card>
  );
}

function ProfileForm({ me }: { me: Me }) {
  const { t, locale } = useI18n();
  const s = t.settingsPage;
  const p = s.profile;
  const update = useUpdateProfile();
  const zones = timeZones();
  const schema = useMemo(
    () =>
      z.object({
        display_name: z.string().trim().max(100, t.validation.max(100)),
        time_zone: z.string().refine((v) => zones.includes(v), p.zoneInvalid),
        base_currency: z.string().refine((v) => currencyCodes().includes(v), p.currencyInvalid),
        locale: z.string().min(1, t.validation.required),
      }),
    [t, p, zones],
  );
  type Values = z.input<typeof schema>;
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: {
      display_name: me.display_name,
      time_zone: me.time_zone,
      base_currency: me.base_currency,
      locale: me.locale,
    },
  });
  const [failure, setFailure] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const describeZone = useMemo(() => (zone: string) => zoneOffset(zone), []);
  const describeCurrency = useMemo(() => (code: string) => currencyName(code, locale), [locale]);
  const localeNames = useMemo(() => {
    let names: Intl.DisplayNames | null = null;
    try {
      names = new Intl.DisplayNames([locale], { type: "language", languageDisplay: "standard" });
    } catch {
      names = null;
    }
    const list = LOCALES.includes(me.locale) ? LOCALES : [...LOCALES, me.locale];
    return list.map((code) => ({ code, name: names?.of(code) ?? code }));
  }, [locale, me.locale]);

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    setMessage(null);
    setSaved(false);
    try {
      const next = await update.mutateAsync({
        display_name: values.display_name.trim(),
        time_zone: values.time_zone,
        base_currency: values.base_currency,
        locale: values.locale,
      });
      form.reset({
        display_name: next.display_name,
        time_zone: next.time_zone,
        base_currency: next.base_currency,
        locale: next.locale,
      });
      setSaved(true);
    } catch (e) {
      const rest = showServerErrors(e, form.setError, FIELDS);
      if (rest.length) setMessage(rest.join(" "));
      else if (!(e instanceof ApiError && e.status === 422)) setFailure(e);
    }
  });

  const { errors, isSubmitting } = form.formState;
  return (
    <form onSubmit={onSubmit} noValidate className="grid max-w-xl gap-4" aria-label={p.title}>
      <div aria-live="polite" className="empty:hidden">
        {saved && <FormSuccess>{p.saved}</FormSuccess>}
      </div>
      <FormError error={failure} message={message} />
      <div className="grid gap-1.5">
        <span className="text-sm font-medium">{p.email}</span>
        <span className="flex flex-wrap items-center gap-2 text-sm">
          {me.email}
          <Badge variant={me.email_verified ? "positive" : "warning"}>{me.email_verified ? p.verified : p.unverified}</Badge>
        </span>
      </div>
      <Field
        id="profile-name"
        label={p.displayName}
        autoComplete="name"
        error={errors.display_name?.message}
        {...form.register("display_name")}
      />
      <Controller
        control={form.control}
        name="time_zone"
        render={({ field }) => (
          <Combobox
            id="profile-time-zone"
            label={p.timeZone}
            hint={p.timeZoneHint}
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            inputRef={field.ref}
            options={zones}
            describe={describeZone}
            noMatches={p.noMatches}
            error={errors.time_zone?.message}
          />
        )}
      />
      <Controller
        control={form.control}
        name="base_currency"
        render={({ field }) => (
          <Combobox
            id="profile-currency"
            label={p.baseCurrency}
            hint={p.baseCurrencyHint}
            value={field.value}
            onChange={(v) => field.onChange(v.toUpperCase())}
            onBlur={field.onBlur}
            inputRef={field.ref}
            options={currencyCodes()}
            describe={describeCurrency}
            noMatches={p.noMatches}
            error={errors.base_currency?.message}
          />
        )}
      />
      <SelectField id="profile-locale" label={p.locale} hint={p.localeHint} error={errors.locale?.message} {...form.register("locale")}>
        {localeNames.map((l) => (
          <option key={l.code} value={l.code}>
            {l.name}
          </option>
        ))}
      </SelectField>
      <div>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting && <Loader2 className="animate-spin" aria-hidden="true" />}
          {p.save}
        </Button>
      </div>
    </form>
  );
}
