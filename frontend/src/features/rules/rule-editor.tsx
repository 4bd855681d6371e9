"use client";

import { useEffect, useMemo, useState } from "react";
import { useFieldArray, useForm, useWatch, type Path } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Eye, Play, Plus, X } from "lucide-react";
import { ApiError } from "@/api/errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Sheet, SheetContent, SheetDescription, SheetTitle } from "@/components/ui/sheet";
import { useAccounts } from "@/features/overview/data";
import { FormError, FormSuccess } from "@/features/auth/form-error";
import { formatDate, formatMoney, toNumber } from "@/lib/format";
import { showServerErrors } from "@/lib/forms";
import { useI18n } from "@/lib/i18n";
import { cn } from "@/lib/utils";
import { CategoryOptions } from "./category-options";
import {
  useApplyRule,
  useCategories,
  useCategoryTree,
  useRulePreview,
  useSaveRule,
  type AppliedCounts,
  type Rule,
} from "./data";
import {
  blankRule,
  blankTrigger,
  formField,
  fromRule,
  hasAction,
  ruleSchema,
  TEXT_OPS,
  toNewRule,
  TRIGGER_TYPES,
  type RuleValues,
  type TriggerType,
} from "./rule-form";

/**
 * Adds or edits a rule, in a side panel. The preview lists what the saved rule matches
 * (the API previews saved rules only): a new rule is saved as inactive to preview it, and
 * after each save the preview asks again.
 */
export function RuleEditor({
  open,
  session,
  rule,
  onClose,
  onSaved,
  onCloseAutoFocus,
}: {
  onCloseAutoFocus?: (event: Event) => void;
  open: boolean;
  /** Changes each time the panel opens: the form starts over then (not when a save updates `rule`). */
  session: number;
  rule: Rule | null;
  onClose: () => void;
  onSaved: (rule: Rule) => void;
}) {
  const { t } = useI18n();
  const r = t.rulesPage;
  return (
    <Sheet open={open} onOpenChange={(o) => !o && onClose()}>
      <SheetContent closeLabel={t.common.close} onCloseAutoFocus={onCloseAutoFocus} className="max-w-2xl overflow-y-auto px-4 pb-10 sm:px-6" aria-describedby="rule-editor-text">
        <SheetTitle>{rule ? r.editTitle : r.newTitle}</SheetTitle>
        <SheetDescription id="rule-editor-text">{r.editorText}</SheetDescription>
        {open && <RuleForm key={session} rule={rule} onSaved={onSaved} onClose={onClose} />}
      </SheetContent>
    </Sheet>
  );
}

function RuleForm({ rule, onSaved, onClose }: { rule: Rule | null; onSaved: (rule: Rule) => void; onClose: () => void }) {
  const { t } = useI18n();
  const r = t.rulesPage;
  const schema = useMemo(() => ruleSchema(t), [t]);
  const form = useForm<RuleValues>({
    resolver: zodResolver(schema),
    defaultValues: rule ? fromRule(rule) : blankRule(),
  });
  const triggers = useFieldArray({ control: form.control, name: "triggers" });
  const save = useSaveRule();
  const [failure, setFailure] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [draftNote, setDraftNote] = useState(false);
  const [saved, setSaved] = useState(false);
  const categories = useCategories();
  const tree = useCategoryTree(categories.data);
  const accounts = useAccounts();
  const markTransfer = useWatch({ control: form.control, name: "mark_transfer" });
  const { errors, isDirty, isSubmitting } = form.formState;

  const submit = (mode: "save" | "preview") =>
    form.handleSubmit(async (values) => {
      setFailure(null);
      setMessage(null);
      setSaved(false);
      if (!hasAction(values)) {
        form.setError("root.actions", { type: "client", message: r.needAction });
        return;
      }
      const body = toNewRule(values);
      // The API previews saved rules only: a new rule is kept inactive until you say so.
      const draft = mode === "preview" && !rule;
      if (draft) body.enabled = false;
      try {
        const stored = await save.mutateAsync({ id: rule?.id ?? null, body });
        form.reset(fromRule(stored));
        setDraftNote(draft);
        setSaved(!draft);
        onSaved(stored);
        if (mode === "preview")
          requestAnimationFrame(() =>
            document.getElementById("rule-preview-title")?.scrollIntoView({ block: "start", behavior: "smooth" }),
          );
      } catch (e) {
        if (e instanceof ApiError && e.status === 422) {
          const names = e.fields.map((f) => formField(f.field));
          const rename = Object.fromEntries(e.fields.map((f) => [f.field, formField(f.field) as Path<RuleValues>]));
          const rest = showServerErrors(e, form.setError, names as Path<RuleValues>[], rename);
          if (rest.length) setMessage(rest.join(" "));
        } else if (e instanceof ApiError && e.status === 404) setMessage(r.notFound);
        else setFailure(e);
      }
    });

  const rootTriggers = errors.root?.triggers?.message ?? errors.triggers?.message ?? errors.triggers?.root?.message;
  return (
    <div className="grid grid-cols-1 gap-6">
      <form
        noValidate
        aria-label={rule ? r.editTitle : r.newTitle}
        className="grid gap-5"
        onSubmit={(e) => void submit("save")(e)}
      >
        <FormError error={failure} message={message} />
        <Field id="rule-name" label={r.name} autoComplete="off" error={errors.name?.message} {...form.register("name")} />

        <fieldset className="grid gap-3">
          <legend className="mb-2 text-base font-semibold">{r.when}</legend>
          {triggers.fields.map((field, i) => (
            <TriggerRow
              key={field.id}
              index={i}
              form={form}
              accounts={accounts.data ?? []}
              onRemove={triggers.fields.length > 1 ? () => triggers.remove(i) : undefined}
            />
          ))}
          {rootTriggers && (
            <p className="text-sm text-destructive" role="alert">
              {rootTriggers}
            </p>
          )}
          <div>
            <Button variant="outline" size="sm" onClick={() => triggers.append(blankTrigger())} disabled={triggers.fields.length >= 20}>
              <Plus aria-hidden="true" />
              {r.addCondition}
            </Button>
          </div>
        </fieldset>

        <fieldset className="grid gap-3">
          <legend className="mb-2 text-base font-semibold">{r.then}</legend>
          <div className="grid gap-1.5">
            <Label htmlFor="rule-category">{r.setCategory}</Label>
            <NativeSelect
              id="rule-category"
              disabled={markTransfer}
              aria-invalid={errors.category_id ? true : undefined}
              aria-describedby={errors.category_id ? "rule-category-error" : undefined}
              {...form.register("category_id")}
            >
              <option value="">{r.noCategory}</option>
              <CategoryOptions flat={tree.flat} />
            </NativeSelect>
            {errors.category_id && (
              <p id="rule-category-error" className="text-sm text-destructive" role="alert">
                {errors.category_id.message}
              </p>
            )}
          </div>
          <label className="flex items-center gap-2 text-sm">
            <Checkbox {...form.register("mark_transfer")} aria-describedby="rule-transfer-hint" />
            {r.markTransfer}
          </label>
          <p id="rule-transfer-hint" className="-mt-2 pl-6 text-xs text-muted-foreground">
            {r.markTransferHint}
          </p>
          {errors.mark_transfer && (
            <p className="text-sm text-destructive" role="alert">
              {errors.mark_transfer.message}
            </p>
          )}
          <Field id="rule-merchant" label={r.setMerchant} autoComplete="off" error={errors.merchant?.message} {...form.register("merchant")} />
          <Field id="rule-tags" label={r.addTags} hint={r.tagsHint} autoComplete="off" error={errors.tags?.message} {...form.register("tags")} />
          {errors.root?.actions && (
            <p className="text-sm text-destructive" role="alert">
              {errors.root.actions.message}
            </p>
          )}
        </fieldset>

        <fieldset className="grid gap-2">
          <legend className="sr-only">{r.options}</legend>
          <label className="flex items-center gap-2 text-sm">
            <Checkbox {...form.register("enabled")} />
            {r.active}
          </label>
          <label className="flex items-center gap-2 text-sm">
            <Checkbox {...form.register("stop_processing")} />
            {r.stopProcessing}
          </label>
        </fieldset>

        {draftNote && <Alert role="status">{r.draftSaved}</Alert>}
        {saved && !isDirty && <FormSuccess>{r.saved}</FormSuccess>}

        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={isSubmitting}>
            {isSubmitting ? r.saving : r.save}
          </Button>
          <Button variant="secondary" disabled={isSubmitting} onClick={() => void submit("preview")()}>
            <Eye aria-hidden="true" />
            {rule ? r.saveAndPreview : r.saveDraftAndPreview}
          </Button>
          <Button variant="ghost" onClick={onClose}>
            {t.common.close}
          </Button>
        </div>
      </form>

      {rule && <PreviewPanel rule={rule} stale={isDirty} />}
    </div>
  );
}

function TriggerRow({
  index,
  form,
  accounts,
  onRemove,
}: {
  index: number;
  form: ReturnType<typeof useForm<RuleValues>>;
  accounts: { id: string; name: string; currency: string }[];
  onRemove?: () => void;
}) {
  const { t } = useI18n();
  const r = t.rulesPage;
  const type = useWatch({ control: form.control, name: `triggers.${index}.type` });
  const e = form.formState.errors.triggers?.[index];
  const error = e?.value?.message ?? e?.min?.message ?? e?.max?.message ?? e?.account_id?.message ?? e?.type?.message;
  const id = `trigger-${index}`;
  const n = index + 1;
  const errorId = error ? `${id}-error` : undefined;
  const invalid = error ? true : undefined;
  return (
    <div className="grid gap-1.5 rounded-lg border p-3" data-testid="trigger">
      <div className="flex flex-wrap items-end gap-2">
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-type`} className="text-xs text-muted-foreground">
            {r.conditionField(n)}
          </Label>
          <NativeSelect id={`${id}-type`} className="w-40" {...form.register(`triggers.${index}.type`)}>
            {TRIGGER_TYPES.map((x: TriggerType) => (
              <option key={x} value={x}>
                {r.fields[x]}
              </option>
            ))}
          </NativeSelect>
        </div>
        {(type === "merchant" || type === "description") && (
          <>
            <div className="grid gap-1.5">
              <Label htmlFor={`${id}-op`} className="text-xs text-muted-foreground">
                {r.conditionOp(n)}
              </Label>
              <NativeSelect id={`${id}-op`} className="w-36" {...form.register(`triggers.${index}.op`)}>
                {TEXT_OPS.map((op) => (
                  <option key={op} value={op}>
                    {r.ops[op]}
                  </option>
                ))}
              </NativeSelect>
            </div>
            <div className="grid min-w-40 flex-1 gap-1.5">
              <Label htmlFor={`${id}-value`} className="text-xs text-muted-foreground">
                {r.conditionValue(n)}
              </Label>
              <Input
                id={`${id}-value`}
                className="h-9"
                autoComplete="off"
                aria-invalid={invalid}
                aria-describedby={errorId}
                {...form.register(`triggers.${index}.value`)}
              />
            </div>
          </>
        )}
        {type === "amount" && (
          <>
            <div className="grid w-32 gap-1.5">
              <Label htmlFor={`${id}-min`} className="text-xs text-muted-foreground">
                {r.amountMin(n)}
              </Label>
              <Input id={`${id}-min`} className="h-9" inputMode="decimal" autoComplete="off" aria-invalid={invalid} aria-describedby={errorId} {...form.register(`triggers.${index}.min`)} />
            </div>
            <div className="grid w-32 gap-1.5">
              <Label htmlFor={`${id}-max`} className="text-xs text-muted-foreground">
                {r.amountMax(n)}
              </Label>
              <Input id={`${id}-max`} className="h-9" inputMode="decimal" autoComplete="off" aria-invalid={invalid} aria-describedby={errorId} {...form.register(`triggers.${index}.max`)} />
            </div>
          </>
        )}
        {type === "account" && (
          <div className="grid min-w-48 flex-1 gap-1.5">
            <Label htmlFor={`${id}-account`} className="text-xs text-muted-foreground">
              {r.conditionAccount(n)}
            </Label>
            <NativeSelect id={`${id}-account`} aria-invalid={invalid} aria-describedby={errorId} {...form.register(`triggers.${index}.account_id`)}>
              <option value="">{r.chooseAccount}</option>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} ({a.currency})
                </option>
              ))}
            </NativeSelect>
          </div>
        )}
        {type === "direction" && (
          <div className="grid gap-1.5">
            <Label htmlFor={`${id}-direction`} className="text-xs text-muted-foreground">
              {r.conditionDirection(n)}
            </Label>
            <NativeSelect id={`${id}-direction`} className="w-40" {...form.register(`triggers.${index}.direction`)}>
              <option value="out">{r.directions.out}</option>
              <option value="in">{r.directions.in}</option>
            </NativeSelect>
          </div>
        )}
        {onRemove && (
          <Button variant="ghost" size="icon" className="ml-auto size-9" aria-label={r.removeCondition(n)} title={r.removeConditionShort} onClick={onRemove}>
            <X aria-hidden="true" />
          </Button>
        )}
      </div>
      {type === "amount" && <p className="text-xs text-muted-foreground">{r.amountHint}</p>}
      {error && (
        <p id={errorId} className="text-sm text-destructive" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** What the saved rule matches, and the button that applies it to them. */
function PreviewPanel({ rule, stale }: { rule: Rule; stale: boolean }) {
  const { t, locale, timeZone } = useI18n();
  const r = t.rulesPage;
  const preview = useRulePreview(rule);
  const apply = useApplyRule();
  const categories = useCategories();
  const names = useMemo(() => new Map((categories.data ?? []).map((c) => [c.id, c.name])), [categories.data]);
  const [counts, setCounts] = useState<AppliedCounts | null>(null);
  useEffect(() => {
    // Counts belong to the rule as it was applied; a new save starts without them.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setCounts(null);
  }, [rule.updated_at]);
  const matched = preview.data?.matched ?? 0;
  return (
    <section aria-labelledby="rule-preview-title" className="grid gap-3 border-t pt-5" data-testid="rule-preview">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="rule-preview-title" className="text-base font-semibold">
          {r.previewTitle}
        </h3>
        <Button
          size="sm"
          disabled={stale || apply.isPending || !preview.data || matched === 0}
          onClick={() => apply.mutate(rule.id, { onSuccess: setCounts })}
        >
          <Play aria-hidden="true" />
          {apply.isPending ? r.applying : r.apply(matched)}
        </Button>
      </div>
      {stale && <Alert variant="warning">{r.previewStale}</Alert>}
      {apply.isError && <FormError error={apply.error} />}
      {counts && (
        <FormSuccess>
          <span data-testid="apply-counts">
            {r.applied(counts.matched, counts.categorized, counts.merchants_set, counts.tagged)}
            {counts.category_locked > 0 && ` ${r.locked(counts.category_locked)}`}
          </span>
        </FormSuccess>
      )}
      {preview.isPending ? (
        <p className="text-sm text-muted-foreground" aria-busy="true">
          {t.common.loading}
        </p>
      ) : preview.isError ? (
        <FormError error={preview.error} />
      ) : (
        <>
          <p className="text-sm" role="status" data-testid="preview-count">
            {r.matches(matched)}
            {matched > preview.data.transactions.length && ` ${r.newest(preview.data.transactions.length)}`}
          </p>
          {preview.data.transactions.length > 0 && (
            <div className="max-h-80 overflow-auto rounded-md border" tabIndex={0} aria-label={r.previewTitle}>
              <table className="w-full text-sm">
                <caption className="sr-only">{r.previewTitle}</caption>
                <thead className="sticky top-0 bg-muted text-left text-xs text-muted-foreground">
                  <tr>
                    <th scope="col" className="px-3 py-2 font-medium">{r.columns.date}</th>
                    <th scope="col" className="px-3 py-2 font-medium">{r.columns.text}</th>
                    <th scope="col" className="px-3 py-2 font-medium">{r.columns.category}</th>
                    <th scope="col" className="px-3 py-2 text-right font-medium">{r.columns.amount}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.data.transactions.map((tx) => {
                    const amount = toNumber(tx.amount);
                    return (
                      <tr key={tx.id} className="border-t align-top" data-testid="preview-row">
                        <td className="px-3 py-1.5 whitespace-nowrap text-muted-foreground tabular">
                          {formatDate(tx.booked_at, locale, timeZone, "short")}
                        </td>
                        <td className="max-w-56 px-3 py-1.5">
                          <p className="truncate">{tx.merchant || tx.payee || tx.description}</p>
                        </td>
                        <td className="px-3 py-1.5">
                          {tx.category_id ? (names.get(tx.category_id) ?? "…") : <span className="text-muted-foreground">{t.overview.uncategorized}</span>}
                        </td>
                        <td className={cn("px-3 py-1.5 text-right whitespace-nowrap tabular", amount > 0 && "text-positive")}>
                          {formatMoney(amount, tx.currency, locale, { signed: amount > 0 })}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
