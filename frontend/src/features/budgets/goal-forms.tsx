"use client";

import { useMemo } from "react";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { useMe } from "@/api/account";
import { ApiError } from "@/api/errors";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select";
import { FormError } from "@/features/auth/form-error";
import { useAccounts } from "@/features/overview/data";
import { useI18n } from "@/lib/i18n";
import { todayIn } from "@/lib/format";
import { useAddContribution, useSaveGoal, type Goal, type GoalInput } from "./data";
import { amountField, currencyCode, CurrencyField, FormDialog, FormFooter, useSubmitErrors } from "./form-parts";

const GOAL_FIELDS = ["name", "target_amount", "currency", "target_date", "account_id"] as const;

/** Creates a goal (`goal` null) or edits one, in a dialog. */
export function GoalFormDialog({
  open,
  onOpenChange,
  goal,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  goal: Goal | null;
}) {
  const { t } = useI18n();
  const b = t.budgetsPage;
  return (
    <FormDialog open={open} onOpenChange={onOpenChange} title={goal ? b.editGoal : b.newGoal} description={b.goalForm.text}>
      {open && <GoalForm goal={goal} onDone={() => onOpenChange(false)} />}
    </FormDialog>
  );
}

function GoalForm({ goal, onDone }: { goal: Goal | null; onDone: () => void }) {
  const { t } = useI18n();
  const b = t.budgetsPage;
  const f = b.goalForm;
  const me = useMe();
  const accounts = useAccounts();
  const save = useSaveGoal();
  const schema = useMemo(
    () =>
      z.object({
        name: z.string().trim().min(1, t.validation.required).max(80, t.validation.max(80)),
        target_amount: amountField(b.budgetForm.amountInvalid),
        currency: currencyCode(b.budgetForm.currencyInvalid),
        target_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, f.dateRequired),
        account_id: z.string(),
      }),
    [t, b, f],
  );
  type Values = z.input<typeof schema>;
  const form = useForm<Values, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: {
      name: goal?.name ?? "",
      target_amount: goal ? String(Number(goal.target_amount)) : "",
      currency: goal?.currency ?? me.data?.base_currency ?? "EUR",
      target_date: goal?.target_date ?? "",
      account_id: goal?.account_id ?? "",
    },
  });
  const { failure, message, send } = useSubmitErrors(form.setError, GOAL_FIELDS);
  const accountId = useWatch({ control: form.control, name: "account_id" });
  const linked = accounts.data?.find((a) => a.id === accountId);

  const onSubmit = form.handleSubmit((values) => {
    const account = accounts.data?.find((a) => a.id === values.account_id);
    const body: GoalInput = {
      name: values.name,
      target_amount: values.target_amount,
      // A linked account's currency is the goal's.
      currency: account ? account.currency : values.currency,
      target_date: values.target_date,
      account_id: values.account_id || null,
    };
    return send(async () => {
      await save.mutateAsync({ id: goal?.id ?? null, body });
      onDone();
    });
  });

  const { errors, isSubmitting } = form.formState;
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label={goal ? b.editGoal : b.newGoal}>
      <FormError error={failure} message={message} />
      <Field id="goal-name" label={f.name} autoComplete="off" error={errors.name?.message} {...form.register("name")} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id="goal-target"
          label={f.targetAmount}
          inputMode="decimal"
          autoComplete="off"
          error={errors.target_amount?.message}
          {...form.register("target_amount")}
        />
        <Field
          id="goal-date"
          label={f.targetDate}
          type="date"
          error={errors.target_date?.message}
          {...form.register("target_date")}
        />
      </div>
      <SelectField
        id="goal-account"
        label={f.account}
        hint={f.accountHint}
        error={errors.account_id?.message}
        {...form.register("account_id")}
      >
        <option value="">{f.noAccount}</option>
        {(accounts.data ?? []).map((a) => (
          <option key={a.id} value={a.id}>
            {a.name} ({a.currency})
          </option>
        ))}
      </SelectField>
      {!linked && (
        <CurrencyField
          control={form.control}
          name="currency"
          id="goal-currency"
          label={f.currency}
          error={errors.currency?.message}
        />
      )}
      <FormFooter onCancel={onDone} busy={isSubmitting} label={isSubmitting ? b.budgetForm.saving : goal ? b.budgetForm.save : f.create} />
    </form>
  );
}

const CONTRIBUTION_FIELDS = ["amount", "contributed_on", "note"] as const;

/** Records money put toward a goal (or, negative, taken from it). */
export function ContributionDialog({
  goal,
  onOpenChange,
}: {
  goal: Goal | null;
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useI18n();
  const b = t.budgetsPage;
  return (
    <FormDialog
      open={goal !== null}
      onOpenChange={onOpenChange}
      title={goal ? b.contributionTitle(goal.name) : ""}
      description={b.contributionText}
      className="max-w-md"
    >
      {goal && <ContributionForm goal={goal} onDone={() => onOpenChange(false)} />}
    </FormDialog>
  );
}

function ContributionForm({ goal, onDone }: { goal: Goal; onDone: () => void }) {
  const { t, timeZone } = useI18n();
  const b = t.budgetsPage;
  const add = useAddContribution(goal.id);
  const today = todayIn(timeZone);
  const schema = useMemo(
    () =>
      z.object({
        amount: amountField(b.contributionInvalid, { signed: true }),
        contributed_on: z.string(),
        note: z.string().max(500, t.validation.max(500)),
      }),
    [t, b],
  );
  type Values = z.input<typeof schema>;
  const form = useForm<Values, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { amount: "", contributed_on: today, note: "" },
  });
  const { failure, message, send } = useSubmitErrors(form.setError, CONTRIBUTION_FIELDS, (e) =>
    e instanceof ApiError && e.code === "goal_follows_account" ? b.accountGoalNoContributions : null,
  );

  const onSubmit = form.handleSubmit((values) =>
    send(async () => {
      await add.mutateAsync({
        amount: values.amount,
        contributed_on: values.contributed_on || null,
        note: values.note.trim() || null,
      });
      onDone();
    }),
  );

  const { errors, isSubmitting } = form.formState;
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label={b.contributionTitle(goal.name)}>
      <FormError error={failure} message={message} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id="contribution-amount"
          label={`${b.contributionAmount} (${goal.currency})`}
          inputMode="decimal"
          autoComplete="off"
          autoFocus
          error={errors.amount?.message}
          {...form.register("amount")}
        />
        <Field
          id="contribution-date"
          label={b.contributionDate}
          hint={b.contributionDateHint}
          type="date"
          max={today}
          error={errors.contributed_on?.message}
          {...form.register("contributed_on")}
        />
      </div>
      <Field
        id="contribution-note"
        label={b.contributionNote}
        autoComplete="off"
        error={errors.note?.message}
        {...form.register("note")}
      />
      <FormFooter onCancel={onDone} busy={isSubmitting} label={b.contributionSave} />
    </form>
  );
}
