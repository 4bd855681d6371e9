"use client";

import { useMemo } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { useMe } from "@/api/account";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select";
import { FormError } from "@/features/auth/form-error";
import { useI18n } from "@/lib/i18n";
import type { Dictionary } from "@/lib/i18n/en";
import { PERIODS, ROLLOVERS, useExpenseCategories, useSaveBudget, type Budget, type BudgetInput } from "./data";
import { amountField, currencyCode, CurrencyField, FormDialog, FormFooter, useSubmitErrors } from "./form-parts";

function budgetSchema(t: Dictionary) {
  const f = t.budgetsPage.budgetForm;
  return z.object({
    name: z.string().trim().min(1, t.validation.required).max(80, t.validation.max(80)),
    category_id: z.string(),
    period: z.enum(PERIODS),
    amount: amountField(f.amountInvalid),
    currency: currencyCode(f.currencyInvalid),
    rollover: z.enum(ROLLOVERS),
    thresholds: z
      .string()
      .transform((v) =>
        v
          .split(/[,;\s]+/)
          .map((s) => s.replace(/%$/, ""))
          .filter(Boolean),
      )
      .pipe(
        z
          .array(z.string().regex(/^\d{1,4}$/, f.thresholdsInvalid))
          .transform((list) => list.map(Number))
          .refine(
            (list) =>
              list.length >= 1 &&
              list.length <= 10 &&
              new Set(list).size === list.length &&
              list.every((n) => n >= 1 && n <= 1000),
            f.thresholdsInvalid,
          ),
      ),
    starts_on: z.string(),
  });
}

type Schema = ReturnType<typeof budgetSchema>;
type Values = z.input<Schema>;
const FIELDS = ["name", "category_id", "period", "amount", "currency", "rollover", "thresholds", "starts_on"] as const;

function initialValues(budget: Budget | null, baseCurrency: string): Values {
  if (!budget) {
    return {
      name: "",
      category_id: "",
      period: "monthly",
      amount: "",
      currency: baseCurrency,
      rollover: "none",
      thresholds: "80, 100, 120",
      starts_on: "",
    };
  }
  return {
    name: budget.name,
    category_id: budget.category_id ?? "",
    period: (PERIODS as readonly string[]).includes(budget.period) ? (budget.period as Values["period"]) : "monthly",
    amount: String(Number(budget.amount)),
    currency: budget.currency,
    rollover: (ROLLOVERS as readonly string[]).includes(budget.rollover) ? (budget.rollover as Values["rollover"]) : "none",
    thresholds: budget.thresholds.join(", "),
    starts_on: budget.starts_on,
  };
}

/** Creates a budget (`budget` null) or edits one, in a dialog. */
export function BudgetFormDialog({
  open,
  onOpenChange,
  budget,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  budget: Budget | null;
}) {
  const { t } = useI18n();
  const b = t.budgetsPage;
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title={budget ? b.editBudget : b.newBudget}
      description={b.budgetForm.text}
      className="max-w-xl"
    >
      {open && <BudgetForm budget={budget} onDone={() => onOpenChange(false)} />}
    </FormDialog>
  );
}

function BudgetForm({ budget, onDone }: { budget: Budget | null; onDone: () => void }) {
  const { t } = useI18n();
  const b = t.budgetsPage;
  const f = b.budgetForm;
  const me = useMe();
  const categories = useExpenseCategories();
  const save = useSaveBudget();
  const schema = useMemo(() => budgetSchema(t), [t]);
  const form = useForm<Values, unknown, z.output<Schema>>({
    resolver: zodResolver(schema),
    defaultValues: initialValues(budget, me.data?.base_currency ?? "EUR"),
  });
  const { failure, message, send } = useSubmitErrors(form.setError, FIELDS);

  const onSubmit = form.handleSubmit((values) => {
    const body: BudgetInput = {
      name: values.name,
      category_id: values.category_id || null,
      period: values.period,
      amount: values.amount,
      currency: values.currency,
      rollover: values.rollover,
      thresholds: values.thresholds,
      starts_on: values.starts_on || (budget ? budget.starts_on : null),
    };
    return send(async () => {
      await save.mutateAsync({ id: budget?.id ?? null, body });
      onDone();
    });
  });

  const { errors, isSubmitting } = form.formState;
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label={budget ? b.editBudget : b.newBudget}>
      <FormError error={failure} message={message} />
      <Field id="budget-name" label={f.name} autoComplete="off" error={errors.name?.message} {...form.register("name")} />
      <SelectField
        id="budget-category"
        label={f.category}
        hint={f.categoryHint}
        error={errors.category_id?.message}
        {...form.register("category_id")}
      >
        <option value="">{b.allSpending}</option>
        {categories.categories.map((c) => (
          <option key={c.id} value={c.id}>
            {c.parent_name ? `${c.parent_name} › ${c.name}` : c.name}
          </option>
        ))}
      </SelectField>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField id="budget-period" label={f.period} error={errors.period?.message} {...form.register("period")}>
          {PERIODS.map((p) => (
            <option key={p} value={p}>
              {b.period[p]}
            </option>
          ))}
        </SelectField>
        <Field
          id="budget-amount"
          label={f.amount}
          inputMode="decimal"
          autoComplete="off"
          error={errors.amount?.message}
          {...form.register("amount")}
        />
      </div>
      <CurrencyField
        control={form.control}
        name="currency"
        id="budget-currency"
        label={f.currency}
        hint={f.currencyHint}
        error={errors.currency?.message}
      />
      <SelectField id="budget-rollover" label={f.rollover} error={errors.rollover?.message} {...form.register("rollover")}>
        {ROLLOVERS.map((r) => (
          <option key={r} value={r}>
            {f.rolloverOptions[r]}
          </option>
        ))}
      </SelectField>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id="budget-thresholds"
          label={f.thresholds}
          hint={f.thresholdsHint}
          autoComplete="off"
          error={errors.thresholds?.message}
          {...form.register("thresholds")}
        />
        <Field
          id="budget-starts-on"
          label={f.startsOn}
          hint={f.startsOnHint}
          type="date"
          error={errors.starts_on?.message}
          {...form.register("starts_on")}
        />
      </div>
      <FormFooter onCancel={onDone} busy={isSubmitting} label={isSubmitting ? f.saving : budget ? f.save : f.create} />
    </form>
  );
}
