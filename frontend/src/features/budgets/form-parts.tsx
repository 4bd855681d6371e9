"use client";

/**
 * What the budget, goal and contribution forms share: the dialog around a form, the
 * amount and currency fields' rules, the server's answer put beside its fields, and the
 * footer with Cancel and the submit button.
 */
import { useMemo, useState } from "react";
import { Controller, type Control, type FieldValues, type Path, type UseFormSetError } from "react-hook-form";
import { z } from "zod";
import { Loader2 } from "lucide-react";
import { ApiError } from "@/api/errors";
import { Button } from "@/components/ui/button";
import { Combobox } from "@/components/ui/combobox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { showServerErrors } from "@/lib/forms";
import { useI18n } from "@/lib/i18n";
import { currencyCodes, currencyName } from "@/lib/intl-lists";

/** Up to 4 decimals and 15 digits before the point (the server's rule); signed or not. */
const AMOUNT = /^\d{1,15}(\.\d{1,4})?$/;
const SIGNED_AMOUNT = /^-?\d{1,15}(\.\d{1,4})?$/;

/**
 * An amount as typed ("12,50" too), checked as the server will: 4 decimals at most, and
 * positive (a budget, a goal) or, with `signed`, anything but zero (a contribution).
 */
export function amountField(message: string, { signed = false } = {}) {
  return z
    .string()
    .trim()
    .transform((v) => v.replace(",", "."))
    .pipe(
      z
        .string()
        .regex(signed ? SIGNED_AMOUNT : AMOUNT, message)
        .refine((v) => (signed ? Number(v) !== 0 : Number(v) > 0), message),
    );
}

/** A currency code the browser knows. */
export function currencyCode(message: string) {
  return z
    .string()
    .trim()
    .refine((v) => currencyCodes().includes(v), message);
}

/** A form in a dialog: title, a line about it, then the form (mounted only while open). */
export function FormDialog({
  open,
  onOpenChange,
  title,
  description,
  className,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: string;
  className?: string;
  children: React.ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent closeLabel={t.common.close} className={className}>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        {children}
      </DialogContent>
    </Dialog>
  );
}

/** Cancel, and the submit button with a spinner while the form is sent. */
export function FormFooter({ onCancel, busy, label }: { onCancel: () => void; busy: boolean; label: string }) {
  const { t } = useI18n();
  return (
    <DialogFooter>
      <Button type="button" variant="outline" onClick={onCancel}>
        {t.common.cancel}
      </Button>
      <Button type="submit" disabled={busy}>
        {busy && <Loader2 className="animate-spin" aria-hidden="true" />}
        {label}
      </Button>
    </DialogFooter>
  );
}

/**
 * Sending a form: a 422's field errors go beside `fields`, the rest above the form as a
 * message (or `explain`'s sentence for an error it knows), anything else as a failure.
 */
export function useSubmitErrors<T extends FieldValues>(
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
  explain?: (error: unknown) => string | null,
) {
  const [failure, setFailure] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const send = async (work: () => Promise<void>) => {
    setFailure(null);
    setMessage(null);
    try {
      await work();
    } catch (e) {
      const rest = showServerErrors(e, setError, fields);
      const known = rest.length ? null : (explain?.(e) ?? null);
      if (rest.length) setMessage(rest.join(" "));
      else if (known) setMessage(known);
      else if (!(e instanceof ApiError && e.status === 422)) setFailure(e);
    }
  };
  return { failure, message, send };
}

/** The currency as a combobox of the codes the browser knows, each with its name. */
export function CurrencyField<T extends FieldValues, C, O extends FieldValues>({
  control,
  name,
  id,
  label,
  hint,
  error,
}: {
  control: Control<T, C, O>;
  name: Path<T>;
  id: string;
  label: string;
  hint?: string;
  error?: string;
}) {
  const { t, locale } = useI18n();
  const describe = useMemo(() => (code: string) => currencyName(code, locale), [locale]);
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <Combobox
          id={id}
          label={label}
          hint={hint}
          value={field.value}
          onChange={(v) => field.onChange(v.toUpperCase())}
          onBlur={field.onBlur}
          inputRef={field.ref}
          options={currencyCodes()}
          describe={describe}
          noMatches={t.budgetsPage.noMatches}
          error={error}
        />
      )}
    />
  );
}
