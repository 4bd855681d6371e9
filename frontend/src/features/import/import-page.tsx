"use client";

/**
 * The import page: pick the account (or make a manual one), drop a statement file, read
 * the preview (format, rows, dates, the reader's notes, the first rows), fix the CSV
 * mapping when Kakeibo is unsure how to read the file, and import. Earlier file imports
 * are listed below, a page at a time.
 */
import { useEffect, useId, useRef, useState } from "react";
import Link from "next/link";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { AlertTriangle, CheckCircle2, FileUp, History, Info, Loader2, Plus, Upload } from "lucide-react";
import { ApiError, isUnreachable } from "@/api/errors";
import type { Account } from "@/api/types";
import { DocumentTitle } from "@/components/shell/document-title";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { showServerErrors } from "@/lib/forms";
import { useI18n } from "@/lib/i18n";
import { formatDate, formatMoney, formatPercent, toNumber } from "@/lib/format";
import { formatDateTime } from "@/lib/relative-time";
import { cn } from "@/lib/utils";
import { useAccounts } from "@/features/overview/data";
import { SectionError } from "@/features/budgets/states";
import { NativeSelect } from "@/features/transactions/controls";
import {
  CONFIDENT,
  readGuess,
  readSample,
  useCreateAccount,
  useImport,
  useImportHistory,
  usePreview,
  type CsvMapping,
  type ImportSummary,
  type Preview,
} from "./data";
import { MappingEditor } from "./mapping-editor";

const ACCEPT = ".csv,.txt,.tsv,.ofx,.qfx,.xml,.camt,.053,.052,.054,.sta,.mt940,.940,.qif";
const noAccounts: Account[] = [];

/** A failed upload in words: the server's own message first (it names the line and field). */
function problemOf(error: unknown, t: ReturnType<typeof useI18n>["t"]): { title: string; lines: string[] } {
  const s = t.importPage;
  if (error instanceof ApiError) {
    if (error.status === 413) return { title: s.tooLarge, lines: [error.message] };
    if (error.status === 404) return { title: s.noAccount, lines: [error.message] };
    if (error.fields.length)
      return { title: s.unreadable, lines: error.fields.map((f) => f.message) };
    return { title: s.unreadable, lines: [error.message] };
  }
  if (isUnreachable(error)) return { title: t.common.offlineForm, lines: [] };
  return { title: t.common.error, lines: [] };
}

/** The server could not read the CSV's columns on its own: a mapping is what it asks for. */
function needsMapping(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status === 422 &&
    error.fields.some((f) => f.field.includes("csv_mapping") || /map the columns|csv_mapping/.test(f.message))
  );
}

export function ImportPage() {
  const { t } = useI18n();
  const s = t.importPage;
  const accounts = useAccounts();
  const accountList = accounts.data ?? noAccounts;
  const [accountId, setAccountId] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState<CsvMapping | null>(null);
  const [editing, setEditing] = useState(false);
  const preview = usePreview();
  const runImport = useImport();

  // `?account_id=` picks the account (a link from an account's page).
  useEffect(() => {
    const wanted = new URLSearchParams(location.search).get("account_id");
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (wanted) setAccountId(wanted);
  }, []);

  const account = accountList.find((a) => a.id === accountId);
  const check = (next: { file?: File | null; accountId?: string; mapping?: CsvMapping | null }) => {
    const f = next.file !== undefined ? next.file : file;
    if (!f) return;
    runImport.reset();
    preview.mutate(
      {
        file: f,
        accountId: (next.accountId ?? accountId) || null,
        mapping: next.mapping !== undefined ? next.mapping : mapping,
      },
      {
        onSuccess: (p) => {
          const guess = readGuess(p);
          // Unsure guess and nothing confirmed: the editor opens on it.
          if (guess && guess.confidence < CONFIDENT && !(next.mapping ?? mapping)) setEditing(true);
          else if (next.mapping) setEditing(false);
        },
        onError: (e) => {
          if (needsMapping(e)) setEditing(true);
        },
      },
    );
  };

  const chooseFile = (f: File | null) => {
    setFile(f);
    setMapping(null);
    setEditing(false);
    runImport.reset();
    if (f) check({ file: f, mapping: null });
    else preview.reset();
  };

  const p = preview.data;
  const guess = readGuess(p);
  const unsure = Boolean(guess && guess.confidence < CONFIDENT && !mapping);
  const isCsv = Boolean(p?.format === "csv" || (file && /\.(csv|txt|tsv)$/i.test(file.name)) || needsMapping(preview.error));
  const canImport = Boolean(file && account && p && !preview.isPending && !unsure && !runImport.isSuccess);

  return (
    <div className="grid max-w-5xl grid-cols-[minmax(0,1fr)] gap-6">
      <DocumentTitle title={s.title} />
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{s.title}</h1>
        <p className="text-sm text-muted-foreground">{s.subtitle}</p>
      </div>

      <Card aria-labelledby="import-step-account">
        <CardHeader>
          <CardTitle id="import-step-account">{s.stepAccount}</CardTitle>
        </CardHeader>
        <CardContent>
          <AccountStep
            accounts={accountList}
            loading={accounts.isPending}
            value={accountId}
            onChange={(id) => {
              setAccountId(id);
              if (file) check({ accountId: id });
            }}
          />
        </CardContent>
      </Card>

      <Card aria-labelledby="import-step-file">
        <CardHeader>
          <div>
            <CardTitle id="import-step-file">{s.stepFile}</CardTitle>
            <CardDescription>{s.formats}</CardDescription>
          </div>
        </CardHeader>
        <CardContent>
          <DropZone file={file} onFile={chooseFile} />
        </CardContent>
      </Card>

      {file && (
        <Card aria-labelledby="import-step-check" data-testid="import-preview">
          <CardHeader>
            <CardTitle id="import-step-check">{s.stepCheck}</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-5">
            {preview.isPending ? (
              <div className="grid gap-2" aria-busy="true">
                <span className="sr-only">{s.reading}</span>
                <Skeleton className="h-16" />
                <Skeleton className="h-40" />
              </div>
            ) : preview.isError ? (
              <ProblemAlert error={preview.error} hint={needsMapping(preview.error) ? s.needsMappingHint : undefined} />
            ) : p ? (
              <PreviewSummary preview={p} account={account} mapping={mapping} />
            ) : null}

            {guess && !editing && !preview.isPending && (
              <Button variant="outline" size="sm" className="justify-self-start" onClick={() => setEditing(true)}>
                {s.checkMapping}
              </Button>
            )}
            {isCsv && !editing && !guess && !mapping && preview.isError && (
              <Button variant="outline" size="sm" className="justify-self-start" onClick={() => setEditing(true)}>
                {s.mapColumns}
              </Button>
            )}
            {editing && (
              <div className="rounded-xl border bg-muted/30 p-4">
                <MappingEditor
                  file={file}
                  initial={mapping ?? guess?.mapping ?? null}
                  busy={preview.isPending}
                  onSubmit={(m) => {
                    setMapping(m);
                    check({ mapping: m });
                  }}
                  onCancel={mapping || guess ? () => setEditing(false) : undefined}
                />
              </div>
            )}

            {!account && p && (
              <p className="flex items-center gap-2 text-sm">
                <Info className="size-4 text-warning" aria-hidden="true" />
                {s.pickAccountFirst}
              </p>
            )}
            {runImport.isError && <ProblemAlert error={runImport.error} />}
            {runImport.isSuccess ? (
              <ImportDone summary={runImport.data} accounts={accountList} />
            ) : (
              <div className="flex flex-wrap items-center gap-3">
                <Button
                  disabled={!canImport || runImport.isPending}
                  onClick={() => file && account && runImport.mutate({ file, accountId: account.id, mapping })}
                  data-testid="import-button"
                >
                  <Upload aria-hidden="true" />
                  {runImport.isPending
                    ? s.importing
                    : p && account
                      ? s.importRows(p.rows, account.name)
                      : s.importAction}
                </Button>
                {unsure && <span className="text-sm text-muted-foreground">{s.confirmFirst}</span>}
              </div>
            )}
          </CardContent>
        </Card>
      )}

      <ImportHistory />
    </div>
  );
}

function ProblemAlert({ error, hint }: { error: unknown; hint?: string }) {
  const { t } = useI18n();
  const problem = problemOf(error, t);
  return (
    <Alert variant="destructive" role="alert" data-testid="import-error">
      <p className="font-medium">{problem.title}</p>
      {problem.lines.map((l, i) => (
        <p key={i} className="mt-1 break-words" data-testid="server-message">
          {l}
        </p>
      ))}
      {hint && <p className="mt-2 text-muted-foreground">{hint}</p>}
    </Alert>
  );
}

function AccountStep({
  accounts,
  loading,
  value,
  onChange,
}: {
  accounts: Account[];
  loading: boolean;
  value: string;
  onChange: (id: string) => void;
}) {
  const { t } = useI18n();
  const s = t.importPage;
  const id = useId();
  const [creating, setCreating] = useState(false);
  if (loading) return <Skeleton className="h-10 max-w-md" />;
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-end gap-3">
        <div className="grid w-full max-w-md gap-1.5">
          <Label htmlFor={`${id}-account`}>{s.account}</Label>
          <NativeSelect
            id={`${id}-account`}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            data-testid="import-account"
          >
            <option value="">{accounts.length ? s.chooseAccount : s.noAccounts}</option>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.currency}
                {a.mask ? ` ·${a.mask}` : ""})
              </option>
            ))}
          </NativeSelect>
        </div>
        {!creating && (
          <Button variant="outline" onClick={() => setCreating(true)} data-testid="new-account">
            <Plus aria-hidden="true" />
            {s.newAccount}
          </Button>
        )}
      </div>
      {creating && (
        <NewAccountForm
          onCreated={(a) => {
            setCreating(false);
            onChange(a.id);
          }}
          onCancel={() => setCreating(false)}
        />
      )}
    </div>
  );
}

const KINDS = ["checking", "savings", "credit_card", "cash", "investment", "loan", "other"] as const;

function NewAccountForm({ onCreated, onCancel }: { onCreated: (a: Account) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const s = t.importPage;
  const create = useCreateAccount();
  const [formError, setFormError] = useState<string | null>(null);
  const schema = z.object({
    name: z.string().trim().min(1, t.validation.required).max(100, t.validation.max(100)),
    kind: z.enum(KINDS),
    currency: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{3}$/, s.currencyInvalid),
    iban: z.string().trim().max(34, t.validation.max(34)),
  });
  type Values = z.infer<typeof schema>;
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { name: "", kind: "checking", currency: "EUR", iban: "" },
  });
  const { errors } = form.formState;
  const onSubmit = form.handleSubmit(async (v) => {
    setFormError(null);
    try {
      const a = await create.mutateAsync({
        name: v.name,
        kind: v.kind,
        currency: v.currency.toUpperCase(),
        iban: v.iban.replace(/\s+/g, "") || null,
      });
      onCreated(a);
    } catch (e) {
      const rest = showServerErrors(e, form.setError, ["name", "kind", "currency", "iban"]);
      setFormError(e instanceof ApiError ? (rest.length ? rest.join(" ") : null) : t.common.offlineForm);
    }
  });
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="grid gap-3 rounded-xl border bg-muted/30 p-4 sm:grid-cols-2 lg:grid-cols-4"
      aria-labelledby="new-account-title"
      data-testid="new-account-form"
    >
      <h3 id="new-account-title" className="font-semibold sm:col-span-2 lg:col-span-4">
        {s.newAccountTitle}
      </h3>
      <Field id="acc-name" label={s.accountName} error={errors.name?.message} {...form.register("name")} />
      <div className="grid gap-1.5">
        <Label htmlFor="acc-kind">{s.accountKind}</Label>
        <NativeSelect id="acc-kind" {...form.register("kind")}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {s.kinds[k]}
            </option>
          ))}
        </NativeSelect>
      </div>
      <Field
        id="acc-currency"
        label={s.currency}
        maxLength={3}
        autoCapitalize="characters"
        error={errors.currency?.message}
        {...form.register("currency")}
      />
      <Field id="acc-iban" label={s.iban} error={errors.iban?.message} {...form.register("iban")} />
      {formError && (
        <Alert variant="destructive" role="alert" className="sm:col-span-2 lg:col-span-4">
          {formError}
        </Alert>
      )}
      <div className="flex gap-2 sm:col-span-2 lg:col-span-4">
        <Button type="submit" disabled={create.isPending}>
          {s.createAccount}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          {t.common.cancel}
        </Button>
      </div>
    </form>
  );
}

function DropZone({ file, onFile }: { file: File | null; onFile: (f: File | null) => void }) {
  const { t, locale } = useI18n();
  const s = t.importPage;
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const id = useId();
  const size = file
    ? new Intl.NumberFormat(locale, { style: "unit", unit: file.size >= 1_048_576 ? "megabyte" : "kilobyte", maximumFractionDigits: 1 }).format(
        file.size / (file.size >= 1_048_576 ? 1_048_576 : 1024),
      )
    : "";
  return (
    <div
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = "copy";
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const f = e.dataTransfer.files[0];
        if (f) onFile(f);
      }}
      className={cn(
        "flex flex-col items-center gap-3 rounded-xl border-2 border-dashed p-8 text-center transition-colors",
        over ? "border-primary bg-accent/50" : "border-input",
      )}
      data-testid="dropzone"
    >
      <FileUp className="size-8 text-muted-foreground" aria-hidden="true" />
      {file ? (
        <p className="text-sm">
          <span className="font-medium break-all" data-testid="file-name">
            {file.name}
          </span>{" "}
          <span className="text-muted-foreground">({size})</span>
        </p>
      ) : (
        <p className="text-sm text-muted-foreground">{s.dropHere}</p>
      )}
      <input
        ref={input}
        id={id}
        type="file"
        accept={ACCEPT}
        className="sr-only"
        // The button below opens it; the input itself stays out of the tab order.
        tabIndex={-1}
        aria-label={s.fileInput}
        onChange={(e) => {
          onFile(e.target.files?.[0] ?? null);
          e.target.value = "";
        }}
        data-testid="file-input"
      />
      <Button variant="outline" onClick={() => input.current?.click()}>
        {file ? s.chooseAnother : s.chooseFile}
      </Button>
    </div>
  );
}

function PreviewSummary({ preview, account, mapping }: { preview: Preview; account: Account | undefined; mapping: CsvMapping | null }) {
  const { t, locale, timeZone } = useI18n();
  const s = t.importPage;
  const guess = readGuess(preview);
  const sample = readSample(preview);
  const [all, setAll] = useState(false);
  const shown = all ? sample : sample.slice(0, 10);
  const currency = preview.currency ?? account?.currency ?? "EUR";
  const target = preview.accounts[0];
  // The server's note about an unsure guess speaks API ("send csv_mapping"): the page says
  // it in its own words beside the mapping.
  const notes = preview.notes.filter((n) => !n.includes("csv_mapping"));
  const how = mapping
    ? s.readWithYourMapping
    : preview.csv_saved_mapping
      ? s.readWithSaved
      : preview.csv_preset
        ? s.readWithPreset(preview.csv_preset)
        : guess
          ? s.readWithGuess(formatPercent(guess.confidence, locale))
          : null;
  return (
    <div className="grid gap-4" data-testid="preview-summary">
      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-muted-foreground">{s.format}</dt>
          <dd className="font-medium uppercase" data-testid="preview-format">
            {preview.format}
          </dd>
        </div>
        <div>
          <dt className="text-muted-foreground">{s.rows}</dt>
          <dd className="font-medium tabular" data-testid="preview-rows">
            {preview.rows}
          </dd>
        </div>
        <div>
          <dt className="text-muted-foreground">{s.dates}</dt>
          <dd className="font-medium">
            {preview.first_date && preview.last_date
              ? `${formatDate(preview.first_date, locale, timeZone)} – ${formatDate(preview.last_date, locale, timeZone)}`
              : "—"}
          </dd>
        </div>
        <div>
          <dt className="text-muted-foreground">{s.currency}</dt>
          <dd className="font-medium">{preview.currency ?? account?.currency ?? "—"}</dd>
        </div>
        {(preview.account_hint || target?.account_name) && (
          <div className="col-span-2">
            <dt className="text-muted-foreground">{s.fileAccount}</dt>
            <dd className="font-medium break-all">
              {target?.account_name ?? preview.account_hint}
              {target?.matched_by ? <span className="text-muted-foreground"> · {s.matchedBy[String(target.matched_by)] ?? String(target.matched_by)}</span> : null}
            </dd>
          </div>
        )}
        <div className="col-span-2">
          <dt className="text-muted-foreground">{s.duplicates}</dt>
          <dd>{s.duplicatesText}</dd>
        </div>
      </dl>

      {how && (
        <p className="flex items-center gap-2 text-sm">
          {guess && guess.confidence < CONFIDENT && !mapping ? (
            <AlertTriangle className="size-4 text-warning" aria-hidden="true" />
          ) : (
            <CheckCircle2 className="size-4 text-positive" aria-hidden="true" />
          )}
          <span data-testid="preview-how">{how}</span>
        </p>
      )}
      {guess && !mapping && (
        <details className="text-sm">
          <summary className="cursor-pointer text-muted-foreground">{s.whyGuess}</summary>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            {guess.reasons.map((r, i) => (
              <li key={i} className={r.startsWith("unsure") ? "text-warning" : undefined}>
                {r}
              </li>
            ))}
          </ul>
        </details>
      )}

      {notes.length > 0 && (
        <Alert variant="warning" data-testid="preview-notes">
          <p className="font-medium">{s.notes}</p>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            {notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </Alert>
      )}

      {sample.length > 0 && (
        <div className="grid gap-2">
          <div className="overflow-x-auto rounded-lg border">
            <table className="w-full text-sm" data-testid="preview-sample">
              <caption className="sr-only">{s.firstRows}</caption>
              <thead className="bg-muted/50 text-left text-xs text-muted-foreground">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">{s.colDate}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{s.colPayee}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{s.colDescription}</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">{s.colAmount}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((l) => {
                  const amount = toNumber(l.amount);
                  return (
                    <tr key={l.source_line} className="border-t">
                      <td className="px-3 py-1.5 whitespace-nowrap tabular">{formatDate(l.booked_on, locale, timeZone)}</td>
                      <td className="max-w-56 truncate px-3 py-1.5">{l.payee}</td>
                      <td className="max-w-72 truncate px-3 py-1.5 text-muted-foreground">{l.description}</td>
                      <td className={cn("px-3 py-1.5 text-right whitespace-nowrap tabular", amount < 0 ? "text-negative" : "text-positive")}>
                        {formatMoney(amount, l.currency ?? currency, locale, { signed: amount > 0 })}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {sample.length > 10 && (
            <Button variant="link" size="sm" className="justify-self-start" onClick={() => setAll((a) => !a)}>
              {all ? s.showFewer : s.showAllSample(sample.length)}
            </Button>
          )}
          {preview.rows > sample.length && <p className="text-xs text-muted-foreground">{s.sampleOf(sample.length, preview.rows)}</p>}
        </div>
      )}
    </div>
  );
}

function ImportDone({ summary, accounts }: { summary: ImportSummary; accounts: Account[] }) {
  const { t } = useI18n();
  const s = t.importPage;
  const all = [summary, ...(summary.other_imports ?? [])];
  return (
    <Alert variant="success" role="status" data-testid="import-done">
      <p className="flex items-center gap-2 font-medium">
        <CheckCircle2 className="size-4 text-positive" aria-hidden="true" />
        {s.done}
      </p>
      {all.map((i) => (
        <p key={i.id} className="mt-1" data-testid="import-counts">
          {all.length > 1 ? `${accounts.find((a) => a.id === i.account_id)?.name ?? ""}: ` : ""}
          {s.counts(i.rows_added, i.rows_matched, i.rows_posted)}
        </p>
      ))}
      <p className="mt-2">
        <Link href={`/transactions?account_id=${summary.account_id}`} className="font-medium text-primary underline underline-offset-4">
          {s.seeTransactions}
        </Link>
      </p>
    </Alert>
  );
}

function ImportHistory() {
  const { t, locale, timeZone } = useI18n();
  const s = t.importPage;
  const history = useImportHistory();
  const rows = history.data?.pages.flatMap((p) => p.imports) ?? [];
  return (
    <Card aria-labelledby="import-history">
      <CardHeader>
        <div className="grid gap-1">
          <CardTitle id="import-history" className="flex items-center gap-2">
            <History className="size-4" aria-hidden="true" />
            {s.history}
          </CardTitle>
          <CardDescription>{s.historyNote}</CardDescription>
        </div>
      </CardHeader>
      <CardContent className="grid gap-4">
        {history.isPending ? (
          <Skeleton className="h-24 w-full" />
        ) : history.isError ? (
          <SectionError error={history.error} onRetry={() => void history.refetch()} />
        ) : rows.length === 0 ? (
          <p className="text-sm text-muted-foreground" data-testid="import-history-empty">
            {s.historyEmpty}
          </p>
        ) : (
          <div className="overflow-x-auto rounded-lg border">
            <table className="w-full text-sm" data-testid="import-history-table">
              <caption className="sr-only">{s.history}</caption>
              <thead className="text-left text-xs text-muted-foreground">
                <tr className="border-b">
                  <th scope="col" className="px-3 py-2 font-medium">{s.when}</th>
                  <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">{s.account}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{s.file}</th>
                  <th scope="col" className="hidden px-3 py-2 text-right font-medium sm:table-cell">{s.added}</th>
                  <th scope="col" className="hidden px-3 py-2 text-right font-medium sm:table-cell">{s.matched}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((i) => (
                  <tr key={i.id} className="border-b align-top last:border-0">
                    <td className="px-3 py-2 tabular sm:whitespace-nowrap">{formatDateTime(i.created_at, locale, timeZone)}</td>
                    <td className="hidden px-3 py-2 sm:table-cell">{i.account_name}</td>
                    <td className="px-3 py-2">
                      <span className="flex min-w-0 items-baseline gap-2">
                        <span className="max-w-36 truncate sm:max-w-56" title={i.filename ?? undefined}>
                          {i.filename ?? "—"}
                        </span>
                        {i.format && <span className="text-xs text-muted-foreground uppercase">{i.format}</span>}
                      </span>
                      <span className="block text-xs text-muted-foreground sm:hidden">
                        {i.account_name} · {s.counts(i.rows_added, i.rows_matched, i.rows_posted)}
                      </span>
                    </td>
                    <td className="hidden px-3 py-2 text-right tabular sm:table-cell">{i.rows_added}</td>
                    <td className="hidden px-3 py-2 text-right tabular sm:table-cell">{i.rows_matched}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {history.hasNextPage && (
          <div>
            <Button
              variant="outline"
              onClick={() => void history.fetchNextPage()}
              disabled={history.isFetchingNextPage}
              data-testid="import-history-more"
            >
              {history.isFetchingNextPage && <Loader2 className="animate-spin" aria-hidden="true" />}
              {s.historyMore}
            </Button>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
