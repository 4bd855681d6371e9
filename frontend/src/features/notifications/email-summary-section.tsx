"use client";

import { useMemo, useState } from "react";
import { Controller, useForm, type Path } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { Loader2 } from "lucide-react";
import { useMe } from "@/api/account";
import { ApiError } from "@/api/errors";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { SelectField } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { DocumentTitle } from "@/components/shell/document-title";
import { FormError, FormSuccess } from "@/features/auth/form-error";
import { SectionError } from "@/features/budgets/states";
import { showServerErrors } from "@/lib/forms";
import { useI18n } from "@/lib/i18n";
import { usePreferences, useSavePreferences } from "./data";
import { DeliveriesSection } from "./deliveries-section";
import { DAYS, useEmailPreview, type WeeklySummary } from "./email-summary-data";

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const EMPTY = ["short", "none"] as const;

/** Settings → E-mail summary: when the weekly summary goes out, and this week's preview. */
export function EmailSummarySection() {
  const { t } = useI18n();
  const s = t.settingsPage;
  const x = t.emailSummary;
  const prefs = usePreferences();
  return (
    <div className="grid gap-6">
      <Card aria-labelledby="email-summary-title">
        <DocumentTitle title={`${x.title} · ${s.title}`} />
        <CardHeader>
          <div className="grid gap-1">
            <CardTitle id="email-summary-title">{x.title}</CardTitle>
            <CardDescription>{x.text}</CardDescription>
          </div>
        </CardHeader>
        <CardContent>
          {prefs.isPending ? (
            <div className="grid gap-4" aria-busy="true">
              <span className="sr-only">{t.common.loading}</span>
              <Skeleton className="h-40 w-full" />
            </div>
          ) : prefs.isError ? (
            <SectionError error={prefs.error} onRetry={() => void prefs.refetch()} />
          ) : (
            <ScheduleForm summary={prefs.data.weekly_summary} />
          )}
        </CardContent>
      </Card>
      <PreviewCard />
      <DeliveriesSection />
    </div>
  );
}

function ScheduleForm({ summary }: { summary: WeeklySummary }) {
  const { t, timeZone } = useI18n();
  const x = t.emailSummary;
  const me = useMe();
  const save = useSavePreferences();
  const schema = useMemo(
    () =>
      z.object({
        enabled: z.boolean(),
        day: z.enum(DAYS),
        hour: z.string().regex(/^(1?\d|2[0-3])$/),
        empty_week: z.enum(EMPTY),
      }),
    [],
  );
  type Values = z.input<typeof schema>;
  const toValues = (w: WeeklySummary): Values => ({
    enabled: w.enabled,
    day: (DAYS as readonly string[]).includes(w.day) ? (w.day as Values["day"]) : "monday",
    hour: String(w.hour),
    empty_week: w.empty_week === "none" ? "none" : "short",
  });
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: toValues(summary) });
  const [failure, setFailure] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    setMessage(null);
    setSaved(false);
    try {
      const next = await save.mutateAsync({
        weekly_summary: { ...values, hour: Number(values.hour) },
      });
      form.reset(toValues(next.weekly_summary));
      setSaved(true);
    } catch (e) {
      // The server names fields `weekly_summary.day`; the form `day`.
      const rename: Record<string, Path<Values>> = {};
      const fields: Path<Values>[] = [];
      if (e instanceof ApiError) {
        for (const f of e.fields) {
          const name = f.field.replace(/^weekly_summary\./, "") as Path<Values>;
          rename[f.field] = name;
          if (["day", "hour", "empty_week", "enabled"].includes(name)) fields.push(name);
        }
      }
      const rest = showServerErrors(e, form.setError, fields, rename);
      if (rest.length) setMessage(rest.join(" "));
      else if (!(e instanceof ApiError && e.status === 422)) setFailure(e);
    }
  });
  const { errors, isSubmitting } = form.formState;
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-6" aria-label={x.title} data-testid="email-summary-form">
      <div aria-live="polite" className="empty:hidden">
        {saved && <FormSuccess>{x.saved}</FormSuccess>}
      </div>
      <FormError error={failure} message={message} />
      <label className="flex w-fit items-center gap-2 text-sm">
        <Checkbox data-testid="summary-enabled" {...form.register("enabled")} />
        {x.enabled}
      </label>
      <div className="grid gap-2">
        <div className="grid max-w-md grid-cols-2 gap-4">
          <SelectField id="summary-day" label={x.day} error={errors.day?.message} {...form.register("day")}>
            {DAYS.map((d) => (
              <option key={d} value={d}>
                {x.days[d]}
              </option>
            ))}
          </SelectField>
          <SelectField id="summary-hour" label={x.hour} error={errors.hour?.message} {...form.register("hour")}>
            {HOURS.map((h) => (
              <option key={h} value={String(h)}>
                {`${String(h).padStart(2, "0")}:00`}
              </option>
            ))}
          </SelectField>
        </div>
        <p className="text-sm text-muted-foreground">{x.when(me.data?.time_zone ?? timeZone)}</p>
      </div>
      <fieldset className="grid gap-3">
        <legend className="mb-3 font-medium">{x.emptyTitle}</legend>
        <Controller
          control={form.control}
          name="empty_week"
          render={({ field }) => (
            <div className="grid gap-2 sm:grid-cols-2" role="radiogroup" aria-label={x.emptyTitle}>
              {EMPTY.map((value) => (
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
                    data-testid={`empty-${value}`}
                  />
                  <span className="grid gap-0.5">
                    <span className="font-medium">{value === "short" ? x.emptyShort : x.emptyNone}</span>
                    <span className="text-muted-foreground">{value === "short" ? x.emptyShortHint : x.emptyNoneHint}</span>
                  </span>
                </label>
              ))}
            </div>
          )}
        />
      </fieldset>
      <div>
        <Button type="submit" disabled={isSubmitting} data-testid="summary-save">
          {isSubmitting && <Loader2 className="size-4 animate-spin" aria-hidden="true" />}
          {x.save}
        </Button>
      </div>
    </form>
  );
}

/** Shown only when the server has the preview endpoint; the e-mail's HTML in a sandbox. */
function PreviewCard() {
  const { t } = useI18n();
  const x = t.emailSummary;
  const preview = useEmailPreview(true);
  if (preview.isPending || preview.data === null) return null;
  return (
    <Card aria-labelledby="email-preview-title" data-testid="email-preview">
      <CardHeader>
        <div className="grid gap-1">
          <CardTitle id="email-preview-title">{x.previewTitle}</CardTitle>
          <CardDescription>{x.previewText}</CardDescription>
        </div>
      </CardHeader>
      <CardContent className="grid gap-3">
        {preview.isError ? (
          <p className="text-sm text-destructive">{x.previewError}</p>
        ) : (
          <>
            {preview.data.subject && <p className="text-sm font-medium">{x.previewSubject(preview.data.subject)}</p>}
            {/* No scripts, no same origin: the e-mail's HTML cannot reach the dashboard. */}
            <iframe
              title={x.previewFrame}
              sandbox=""
              srcDoc={preview.data.html}
              className="h-[36rem] w-full rounded-lg border bg-white"
              data-testid="email-preview-frame"
            />
          </>
        )}
      </CardContent>
    </Card>
  );
}
