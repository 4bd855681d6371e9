"use client";

import { useMemo, useState } from "react";
import { Controller, useFieldArray, useForm, type Path } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { Loader2, Plus, Trash2 } from "lucide-react";
import { useMe } from "@/api/account";
import { ApiError } from "@/api/errors";
import type { Account } from "@/api/types";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { DocumentTitle } from "@/components/shell/document-title";
import { FormError, FormSuccess } from "@/features/auth/form-error";
import { SectionError } from "@/features/budgets/states";
import { useAccounts } from "@/features/overview/data";
import { showServerErrors } from "@/lib/forms";
import { useI18n } from "@/lib/i18n";
import { CHANNELS, KINDS, usePreferences, useSavePreferences, type Preferences, type PreferencesUpdate } from "./data";

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const AMOUNT = /^\d{1,12}([.,]\d{1,4})?$/;

/** The server answers times as `HH:MM:SS`; the form (and the PUT) use `HH:MM`. */
const hhmm = (time: string) => time.slice(0, 5);
const decimal = (amount: string) => amount.trim().replace(",", ".");
/** The server's `750.0000` as `750`, and `50.5000` as `50.50`. */
function plain(amount: string): string {
  const [whole, fraction = ""] = amount.split(".");
  const digits = fraction.replace(/0+$/, "");
  return digits ? `${whole}.${digits.padEnd(2, "0")}` : (whole ?? amount);
}

/** Settings → Notifications: what is announced where, quiet hours, delivery, thresholds. */
export function NotificationPreferencesSection() {
  const { t } = useI18n();
  const s = t.settingsPage;
  const x = t.notifications.prefs;
  const prefs = usePreferences();
  const accounts = useAccounts();
  return (
    <Card aria-labelledby="notifications-title">
      <DocumentTitle title={`${s.nav.notifications} · ${s.title}`} />
      <CardHeader>
        <div className="grid gap-1">
          <CardTitle id="notifications-title">{x.title}</CardTitle>
          <CardDescription>{x.text}</CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        {prefs.isPending || accounts.isPending ? (
          <div className="grid gap-4" aria-busy="true">
            <span className="sr-only">{t.common.loading}</span>
            <Skeleton className="h-64 w-full" />
            <Skeleton className="h-24 w-full" />
          </div>
        ) : prefs.isError ? (
          <SectionError error={prefs.error} onRetry={() => void prefs.refetch()} />
        ) : (
          <PreferencesForm prefs={prefs.data} accounts={accounts.data ?? []} />
        )}
      </CardContent>
    </Card>
  );
}

function toValues(prefs: Preferences) {
  const channels: Record<string, Record<string, boolean>> = {};
  for (const kind of KINDS) {
    channels[kind] = {};
    for (const channel of CHANNELS) channels[kind][channel] = prefs.channels[kind]?.[channel] ?? false;
  }
  return {
    channels,
    quiet_hours: {
      enabled: prefs.quiet_hours.enabled,
      start: hhmm(prefs.quiet_hours.start),
      end: hhmm(prefs.quiet_hours.end),
    },
    delivery: prefs.delivery === "daily_digest" ? ("daily_digest" as const) : ("instant" as const),
    digest_time: hhmm(prefs.digest_time),
    large_transaction: prefs.large_transaction.map((l) => ({ currency: l.currency, amount: plain(l.amount) })),
    low_balance: prefs.low_balance.map((l) => ({ account_id: l.account_id, amount: plain(l.amount) })),
  };
}

function PreferencesForm({ prefs, accounts }: { prefs: Preferences; accounts: Account[] }) {
  const { t, timeZone } = useI18n();
  const n = t.notifications;
  const x = n.prefs;
  const me = useMe();
  const save = useSavePreferences();
  const schema = useMemo(() => {
    const time = z.string().regex(TIME, x.timeInvalid);
    const amount = z.string().trim().regex(AMOUNT, x.amountInvalid);
    return z.object({
      channels: z.record(z.string(), z.record(z.string(), z.boolean())),
      // Start and end being the same is the server's rule: its 422 shows beside "Until".
      quiet_hours: z.object({ enabled: z.boolean(), start: time, end: time }),
      delivery: z.enum(["instant", "daily_digest"]),
      digest_time: time,
      large_transaction: z.array(
        z.object({
          currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, x.currencyInvalid),
          amount: amount.refine((v) => Number(decimal(v)) > 0, x.amountPositive),
        }),
      ),
      low_balance: z.array(z.object({ account_id: z.string().min(1, x.accountRequired), amount })),
    });
  }, [x]);
  type Values = z.input<typeof schema>;
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: toValues(prefs) });
  const large = useFieldArray({ control: form.control, name: "large_transaction" });
  const low = useFieldArray({ control: form.control, name: "low_balance" });
  const [failure, setFailure] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const accountName = (id: string) => accounts.find((a) => a.id === id)?.name ?? "";

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    setMessage(null);
    setSaved(false);
    const body: PreferencesUpdate = {
      channels: values.channels,
      quiet_hours: values.quiet_hours,
      delivery: values.delivery,
      digest_time: values.digest_time,
      large_transaction: values.large_transaction.map((l) => ({
        currency: l.currency.trim().toUpperCase(),
        amount: decimal(l.amount),
      })),
      low_balance: values.low_balance.map((l) => ({ account_id: l.account_id, amount: decimal(l.amount) })),
    };
    try {
      const next = await save.mutateAsync(body);
      form.reset(toValues(next));
      setSaved(true);
    } catch (e) {
      // The server names list items `large_transaction[0].amount`; the form `large_transaction.0.amount`.
      const fields: Path<Values>[] = [];
      const rename: Record<string, Path<Values>> = {};
      if (e instanceof ApiError) {
        for (const f of e.fields) {
          const name = f.field.replace(/\[(\d+)\]/g, ".$1") as Path<Values>;
          rename[f.field] = name;
          if (/^(quiet_hours\.(start|end)|delivery|digest_time|(large_transaction|low_balance)\.\d+\.\w+)$/.test(name))
            fields.push(name);
        }
      }
      const rest = showServerErrors(e, form.setError, fields, rename);
      if (rest.length) setMessage(rest.join(" "));
      else if (!(e instanceof ApiError && e.status === 422)) setFailure(e);
    }
  });

  const { errors, isSubmitting } = form.formState;
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-8" aria-label={x.title} data-testid="notification-preferences">
      <div aria-live="polite" className="empty:hidden">
        {saved && <FormSuccess>{x.saved}</FormSuccess>}
      </div>
      <FormError error={failure} message={message} />

      <section className="grid gap-3" aria-labelledby="prefs-channels">
        <h3 id="prefs-channels" className="font-medium">
          {x.channelsTitle}
        </h3>
        <div className="overflow-x-auto rounded-lg border">
          <table className="w-full text-sm" data-testid="channels-table">
            <caption className="sr-only">{x.channelsTitle}</caption>
            <thead>
              <tr className="border-b text-left text-xs text-muted-foreground">
                <th scope="col" className="px-2 py-2 font-medium sm:px-3">
                  {x.kindColumn}
                </th>
                {CHANNELS.map((c) => (
                  <th key={c} scope="col" className="w-14 px-0.5 py-2 text-center font-medium sm:w-28 sm:px-2">
                    {n.channels[c]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {KINDS.map((kind) => (
                <tr key={kind} className="border-b last:border-0 hover:bg-muted/40" data-testid={`channels-${kind}`}>
                  <th scope="row" className="px-2 py-2 text-left font-normal wrap-anywhere hyphens-manual sm:px-3">
                    {n.kinds[kind]}
                  </th>
                  {CHANNELS.map((channel) => (
                    <td key={channel} className="px-1 py-2 text-center sm:px-2">
                      <Checkbox
                        aria-label={n.toggle(n.kinds[kind] ?? kind, n.channels[channel] ?? channel)}
                        data-testid={`toggle-${kind}-${channel}`}
                        className="size-4.5 align-middle"
                        {...form.register(`channels.${kind}.${channel}`)}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="grid gap-3" aria-labelledby="prefs-quiet">
        <div className="grid gap-1">
          <h3 id="prefs-quiet" className="font-medium">
            {x.quietTitle}
          </h3>
          <p className="text-sm text-muted-foreground">{x.quietText(me.data?.time_zone ?? timeZone)}</p>
        </div>
        <label className="flex w-fit items-center gap-2 text-sm">
          <Checkbox data-testid="quiet-enabled" {...form.register("quiet_hours.enabled")} />
          {x.quietEnabled}
        </label>
        <div className="grid max-w-sm grid-cols-2 gap-4">
          <Field
            id="quiet-start"
            type="time"
            label={x.quietStart}
            error={errors.quiet_hours?.start?.message}
            {...form.register("quiet_hours.start")}
          />
          <Field
            id="quiet-end"
            type="time"
            label={x.quietEnd}
            error={errors.quiet_hours?.end?.message}
            {...form.register("quiet_hours.end")}
          />
        </div>
      </section>

      <fieldset className="grid gap-3">
        <legend className="mb-3 font-medium">{x.deliveryTitle}</legend>
        <Controller
          control={form.control}
          name="delivery"
          render={({ field }) => (
            <div className="grid gap-2 sm:grid-cols-2" role="radiogroup" aria-label={x.deliveryTitle}>
              {(["instant", "daily_digest"] as const).map((value) => (
                <label
                  key={value}
                  className="flex cursor-pointer items-start gap-3 rounded-lg border p-3 text-sm has-checked:border-primary has-checked:bg-primary/5"
                >
                  <input
                    type="radio"
                    name={field.name}
                    value={value}
                    checked={field.value === value}
                    onChange={() => field.onChange(value)}
                    onBlur={field.onBlur}
                    className="mt-0.5 size-4 accent-primary"
                    data-testid={`delivery-${value}`}
                  />
                  <span className="grid gap-0.5">
                    <span className="font-medium">{value === "instant" ? x.instant : x.digest}</span>
                    <span className="text-muted-foreground">{value === "instant" ? x.instantHint : x.digestHint}</span>
                  </span>
                </label>
              ))}
            </div>
          )}
        />
        {errors.delivery?.message && (
          <p className="text-sm text-destructive" role="alert">
            {errors.delivery.message}
          </p>
        )}
        <Field
          id="digest-time"
          type="time"
          label={x.digestTime}
          className="max-w-56"
          error={errors.digest_time?.message}
          {...form.register("digest_time")}
        />
      </fieldset>

      <section className="grid gap-6" aria-labelledby="prefs-thresholds">
        <h3 id="prefs-thresholds" className="font-medium">
          {x.thresholdsTitle}
        </h3>
        <div className="grid gap-3" data-testid="large-thresholds">
          <div className="grid gap-1">
            <h4 className="text-sm font-medium">{x.largeTitle}</h4>
            <p className="text-sm text-muted-foreground">{x.largeText}</p>
          </div>
          {large.fields.length === 0 && <p className="text-sm text-muted-foreground italic">{x.largeNone}</p>}
          {large.fields.map((row, i) => (
            <div key={row.id} className="flex flex-wrap items-start gap-3" data-testid="large-row">
              <Field
                id={`large-${i}-currency`}
                label={x.currency}
                className="w-24"
                maxLength={3}
                autoCapitalize="characters"
                error={errors.large_transaction?.[i]?.currency?.message}
                {...form.register(`large_transaction.${i}.currency`)}
              />
              <Field
                id={`large-${i}-amount`}
                label={x.amount}
                inputMode="decimal"
                className="w-36"
                error={errors.large_transaction?.[i]?.amount?.message}
                {...form.register(`large_transaction.${i}.amount`)}
              />
              <Button
                type="button"
                variant="ghost"
                size="icon"
                className="mt-6"
                aria-label={x.removeLarge(form.getValues(`large_transaction.${i}.currency`) ?? "")}
                onClick={() => large.remove(i)}
              >
                <Trash2 aria-hidden="true" />
              </Button>
            </div>
          ))}
          <div>
            <Button
              type="button"
              variant="outline"
              size="sm"
              onClick={() => large.append({ currency: me.data?.base_currency ?? "EUR", amount: "" }, { shouldFocus: true, focusName: `large_transaction.${large.fields.length}.amount` })}
              data-testid="add-large"
            >
              <Plus aria-hidden="true" />
              {x.addLarge}
            </Button>
          </div>
        </div>

        <div className="grid gap-3" data-testid="low-thresholds">
          <div className="grid gap-1">
            <h4 className="text-sm font-medium">{x.lowTitle}</h4>
            <p className="text-sm text-muted-foreground">{x.lowText}</p>
          </div>
          {low.fields.length === 0 && <p className="text-sm text-muted-foreground italic">{x.lowNone}</p>}
          {low.fields.map((row, i) => (
            <div key={row.id} className="flex flex-wrap items-start gap-3" data-testid="low-row">
              <SelectField
                id={`low-${i}-account`}
                label={x.account}
                className="w-full max-w-64"
                error={errors.low_balance?.[i]?.account_id?.message}
                {...form.register(`low_balance.${i}.account_id`)}
              >
                <option value="">—</option>
                {accounts.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name} ({a.currency})
                  </option>
                ))}
              </SelectField>
              <Field
                id={`low-${i}-amount`}
                label={x.amount}
                inputMode="decimal"
                className="w-36"
                error={errors.low_balance?.[i]?.amount?.message}
                {...form.register(`low_balance.${i}.amount`)}
              />
              <Button
                type="button"
                variant="ghost"
                size="icon"
                className="mt-6"
                aria-label={x.removeLow(accountName(form.getValues(`low_balance.${i}.account_id`) ?? ""))}
                onClick={() => low.remove(i)}
              >
                <Trash2 aria-hidden="true" />
              </Button>
            </div>
          ))}
          <div>
            {accounts.length === 0 ? (
              <p className="text-sm text-muted-foreground">{x.noAccounts}</p>
            ) : (
              <Button
                type="button"
                variant="outline"
                size="sm"
                onClick={() => {
                  const used = new Set(form.getValues("low_balance").map((l) => l.account_id));
                  const next = accounts.find((a) => !used.has(a.id));
                  low.append({ account_id: next?.id ?? "", amount: "" }, { shouldFocus: true, focusName: `low_balance.${low.fields.length}.amount` });
                }}
                data-testid="add-low"
              >
                <Plus aria-hidden="true" />
                {x.addLow}
              </Button>
            )}
          </div>
        </div>
      </section>

      <div>
        <Button type="submit" disabled={isSubmitting} data-testid="save-preferences">
          {isSubmitting && <Loader2 className="animate-spin" aria-hidden="true" />}
          {x.save}
        </Button>
      </div>
    </form>
  );
}
