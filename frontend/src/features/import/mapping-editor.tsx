"use client";

/**
 * Says how to read a CSV export Kakeibo does not know: which column holds the date, the
 * amount (or money out and money in apart), the payee and the text; how dates and amounts
 * are written. Starts from the server's guess when there is one; offers the file's own
 * columns, read in the browser, with a few of their values.
 */
import { useEffect, useId, useMemo, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useI18n } from "@/lib/i18n";
import { Checkbox, NativeSelect } from "@/features/transactions/controls";
import { DELIMITERS, readHead, type CsvHead } from "./csv-head";
import type { Column, CsvMapping } from "./data";

const DATE_FORMATS = ["%d.%m.%Y", "%d/%m/%Y", "%m/%d/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%y", "%m/%d/%y", "%Y/%m/%d", "%d %b %Y"];
const CUSTOM = "custom";

/** Columns as the select holds them: `s:Name` by header name, `n:3` by position. */
function encode(c: Column | null | undefined): string {
  if (c === null || c === undefined) return "";
  return typeof c === "number" ? `n:${c}` : `s:${c}`;
}
function decode(v: string): Column | null {
  if (!v) return null;
  if (v.startsWith("n:")) return Number(v.slice(2));
  return v.slice(2);
}

function exampleDate(format: string): string {
  const d = { Y: "2026", y: "26", m: "03", d: "31", b: "Mar" } as Record<string, string>;
  return format.replace(/%([Yymdb])/g, (_, k: string) => d[k] ?? k);
}

export function MappingEditor({
  file,
  initial,
  busy,
  onSubmit,
  onCancel,
}: {
  file: File;
  initial: CsvMapping | null;
  busy: boolean;
  onSubmit: (mapping: CsvMapping) => void;
  onCancel?: () => void;
}) {
  const { t } = useI18n();
  const s = t.importPage;
  const id = useId();
  const schema = z
    .object({
      delimiter: z.string(),
      hasHeader: z.boolean(),
      skipLines: z.number({ error: s.mapping.skipInvalid }).int(s.mapping.skipInvalid).min(0, s.mapping.skipInvalid).max(30, s.mapping.skipInvalid),
      encoding: z.enum(["utf8", "windows-1252"]),
      dateColumn: z.string().min(1, s.mapping.required),
      dateFormat: z.string(),
      customDateFormat: z.string(),
      amountKind: z.enum(["single", "debit_credit", "sign_column"]),
      amountColumn: z.string(),
      sign: z.enum(["normal", "inverted"]),
      debitColumn: z.string(),
      creditColumn: z.string(),
      decimalMark: z.enum(["point", "comma"]),
      payeeColumn: z.string(),
      descriptionColumn: z.string(),
      currencyColumn: z.string(),
    })
    .superRefine((v, ctx) => {
      if (v.dateFormat === CUSTOM && !v.customDateFormat.includes("%"))
        ctx.addIssue({ code: "custom", path: ["customDateFormat"], message: s.mapping.formatInvalid });
      if (v.amountKind === "single" && !v.amountColumn)
        ctx.addIssue({ code: "custom", path: ["amountColumn"], message: s.mapping.required });
      if (v.amountKind === "debit_credit") {
        if (!v.debitColumn) ctx.addIssue({ code: "custom", path: ["debitColumn"], message: s.mapping.required });
        if (!v.creditColumn) ctx.addIssue({ code: "custom", path: ["creditColumn"], message: s.mapping.required });
      }
    });
  type Values = z.infer<typeof schema>;

  const defaults = useMemo((): Values => {
    const m = initial;
    const known = m && DATE_FORMATS.includes(m.date_format);
    return {
      delimiter: String(m?.delimiter ?? 0),
      hasHeader: m?.has_header ?? true,
      skipLines: m?.skip_lines ?? 0,
      encoding: m?.encoding ?? "utf8",
      dateColumn: encode(m?.date_column),
      dateFormat: m ? (known ? m.date_format : CUSTOM) : DATE_FORMATS[0]!,
      customDateFormat: m && !known ? m.date_format : "",
      amountKind: m?.amount.kind ?? "single",
      amountColumn: encode(m?.amount.kind === "single" ? m.amount.column : m?.amount.kind === "sign_column" ? m.amount.amount : null),
      sign: m?.amount.kind === "single" ? m.amount.sign : "normal",
      debitColumn: encode(m?.amount.kind === "debit_credit" ? m.amount.debit : null),
      creditColumn: encode(m?.amount.kind === "debit_credit" ? m.amount.credit : null),
      decimalMark: m?.decimal_mark ?? "point",
      payeeColumn: encode(m?.payee_column),
      descriptionColumn: encode(m?.description_column),
      currencyColumn: encode(m?.currency_column),
    };
  }, [initial]);

  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: defaults });
  const { errors } = form.formState;
  const values = useWatch({ control: form.control });
  const delimiter = values.delimiter ?? defaults.delimiter;
  const hasHeader = values.hasHeader ?? defaults.hasHeader;
  const skipLines = values.skipLines ?? defaults.skipLines;
  const amountKind = values.amountKind ?? defaults.amountKind;
  const dateFormat = values.dateFormat ?? defaults.dateFormat;

  // The file's first lines, read again when the delimiter or the lines to skip change.
  const [head, setHead] = useState<CsvHead | null>(null);
  useEffect(() => {
    let live = true;
    const d = Number(delimiter);
    void readHead(file, Number.isFinite(skipLines) ? Math.max(0, skipLines) : 0, d > 0 ? d : undefined).then((h) => {
      if (!live) return;
      setHead(h);
      if (!(d > 0)) form.setValue("delimiter", String(h.delimiter));
    });
    return () => {
      live = false;
    };
  }, [file, delimiter, skipLines, form]);

  const options = useMemo(() => {
    if (!head) return [];
    const first = head.lines[0] ?? [];
    const width = Math.max(...head.lines.map((l) => l.length), 0);
    const sample = (i: number) => head.lines[hasHeader ? 1 : 0]?.[i] ?? "";
    return Array.from({ length: width }, (_, i) => {
      const name = hasHeader ? (first[i] ?? "") : "";
      const value = name ? `s:${name}` : `n:${i}`;
      const label = name || s.mapping.columnN(i + 1);
      const ex = sample(i);
      return { value, label: ex ? `${label} — ${ex.slice(0, 30)}` : label };
    });
  }, [head, hasHeader, s.mapping]);

  const submit = form.handleSubmit((v) => {
    const col = (x: string) => decode(x);
    const base: CsvMapping = initial ? { ...initial } : ({} as CsvMapping);
    const amount: CsvMapping["amount"] =
      v.amountKind === "single"
        ? { kind: "single", column: col(v.amountColumn)!, sign: v.sign }
        : v.amountKind === "debit_credit"
          ? { kind: "debit_credit", debit: col(v.debitColumn)!, credit: col(v.creditColumn)! }
          : initial?.amount.kind === "sign_column"
            ? { ...initial.amount, amount: col(v.amountColumn)! }
            : { kind: "single", column: col(v.amountColumn)!, sign: v.sign };
    onSubmit({
      ...base,
      delimiter: Number(v.delimiter),
      has_header: v.hasHeader,
      skip_lines: v.skipLines,
      encoding: v.encoding,
      date_column: col(v.dateColumn)!,
      date_format: v.dateFormat === CUSTOM ? v.customDateFormat.trim() : v.dateFormat,
      amount,
      decimal_mark: v.decimalMark,
      payee_column: col(v.payeeColumn),
      description_column: col(v.descriptionColumn),
      currency_column: col(v.currencyColumn),
    });
  });

  const columnSelect = (
    name: "dateColumn" | "amountColumn" | "debitColumn" | "creditColumn" | "payeeColumn" | "descriptionColumn" | "currencyColumn",
    label: string,
    optional = false,
  ) => {
    const error = errors[name]?.message;
    const current = values[name] ?? "";
    const has = options.some((o) => o.value === current);
    return (
      <div className="grid gap-1.5">
        <Label htmlFor={`${id}-${name}`}>{label}</Label>
        <NativeSelect
          id={`${id}-${name}`}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-${name}-error` : undefined}
          name={name}
          value={current}
          onChange={(e) =>
            form.setValue(name, e.target.value, { shouldDirty: true, shouldValidate: form.formState.isSubmitted })
          }
          data-testid={`map-${name}`}
        >
          <option value="">{optional ? s.mapping.none : s.mapping.choose}</option>
          {!has && current && <option value={current}>{current.slice(2)}</option>}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </NativeSelect>
        {error && (
          <p id={`${id}-${name}-error`} role="alert" className="text-sm text-destructive">
            {error}
          </p>
        )}
      </div>
    );
  };

  return (
    <form onSubmit={submit} noValidate className="grid gap-5" data-testid="mapping-editor" aria-labelledby={`${id}-title`}>
      <div>
        <h3 id={`${id}-title`} className="font-semibold">
          {s.mapping.title}
        </h3>
        <p className="text-sm text-muted-foreground">{s.mapping.text}</p>
      </div>

      {head && head.lines.length > 0 && (
        <div className="overflow-x-auto rounded-lg border">
          <table className="w-full text-xs">
            <caption className="sr-only">{s.mapping.rawLines}</caption>
            <tbody>
              {head.lines.slice(0, 4).map((line, r) => (
                <tr key={r} className={r === 0 && hasHeader ? "bg-muted font-medium" : "border-t"}>
                  {line.map((cell, c) => (
                    <td key={c} className="max-w-40 truncate px-2 py-1 whitespace-nowrap">
                      {cell}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <fieldset className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <legend className="mb-2 text-sm font-semibold">{s.mapping.fileLayout}</legend>
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-delimiter`}>{s.mapping.delimiter}</Label>
          <NativeSelect id={`${id}-delimiter`} {...form.register("delimiter")}>
            {DELIMITERS.map((d) => (
              <option key={d.byte} value={String(d.byte)}>
                {d.label === "Tab" ? s.mapping.tab : d.label}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-skip`}>{s.mapping.skipLines}</Label>
          <Input
            id={`${id}-skip`}
            type="number"
            min={0}
            max={30}
            aria-invalid={errors.skipLines ? true : undefined}
            {...form.register("skipLines", { valueAsNumber: true })}
          />
          {errors.skipLines && (
            <p role="alert" className="text-sm text-destructive">
              {errors.skipLines.message}
            </p>
          )}
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-encoding`}>{s.mapping.encoding}</Label>
          <NativeSelect id={`${id}-encoding`} {...form.register("encoding")}>
            <option value="utf8">UTF-8</option>
            <option value="windows-1252">Windows-1252</option>
          </NativeSelect>
        </div>
        <label className="flex items-center gap-2 self-end pb-2.5 text-sm">
          <Checkbox {...form.register("hasHeader")} />
          {s.mapping.hasHeader}
        </label>
      </fieldset>

      <fieldset className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <legend className="mb-2 text-sm font-semibold">{s.mapping.dates}</legend>
        {columnSelect("dateColumn", s.mapping.dateColumn)}
        <div className="grid gap-1.5 lg:col-span-2">
          <Label htmlFor={`${id}-format`}>{s.mapping.dateFormat}</Label>
          <NativeSelect id={`${id}-format`} {...form.register("dateFormat")} data-testid="map-dateFormat">
            {DATE_FORMATS.map((f) => (
              <option key={f} value={f}>
                {exampleDate(f)} ({f})
              </option>
            ))}
            <option value={CUSTOM}>{s.mapping.custom}</option>
          </NativeSelect>
        </div>
        {dateFormat === CUSTOM && (
          <div className="grid gap-1.5">
            <Label htmlFor={`${id}-custom`}>{s.mapping.customFormat}</Label>
            <Input
              id={`${id}-custom`}
              placeholder="%d.%m.%Y"
              aria-invalid={errors.customDateFormat ? true : undefined}
              aria-describedby={`${id}-custom-hint`}
              {...form.register("customDateFormat")}
            />
            <p id={`${id}-custom-hint`} className="text-xs text-muted-foreground">
              {s.mapping.customHint}
            </p>
            {errors.customDateFormat && (
              <p role="alert" className="text-sm text-destructive">
                {errors.customDateFormat.message}
              </p>
            )}
          </div>
        )}
      </fieldset>

      <fieldset className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <legend className="mb-2 text-sm font-semibold">{s.mapping.amounts}</legend>
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-kind`}>{s.mapping.amountKind}</Label>
          <NativeSelect id={`${id}-kind`} {...form.register("amountKind")} data-testid="map-amountKind">
            <option value="single">{s.mapping.single}</option>
            <option value="debit_credit">{s.mapping.debitCredit}</option>
            {initial?.amount.kind === "sign_column" && <option value="sign_column">{s.mapping.signColumn}</option>}
          </NativeSelect>
        </div>
        {amountKind === "debit_credit" ? (
          <>
            {columnSelect("debitColumn", s.mapping.debit)}
            {columnSelect("creditColumn", s.mapping.credit)}
          </>
        ) : (
          <>
            {columnSelect("amountColumn", s.mapping.amount)}
            {amountKind === "single" && (
              <div className="grid gap-1.5">
                <Label htmlFor={`${id}-sign`}>{s.mapping.sign}</Label>
                <NativeSelect id={`${id}-sign`} {...form.register("sign")}>
                  <option value="normal">{s.mapping.signNormal}</option>
                  <option value="inverted">{s.mapping.signInverted}</option>
                </NativeSelect>
              </div>
            )}
          </>
        )}
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-mark`}>{s.mapping.decimalMark}</Label>
          <NativeSelect id={`${id}-mark`} {...form.register("decimalMark")} data-testid="map-decimalMark">
            <option value="point">1,234.56</option>
            <option value="comma">1.234,56</option>
          </NativeSelect>
        </div>
      </fieldset>

      <fieldset className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <legend className="mb-2 text-sm font-semibold">{s.mapping.texts}</legend>
        {columnSelect("payeeColumn", s.mapping.payee, true)}
        {columnSelect("descriptionColumn", s.mapping.description, true)}
        {columnSelect("currencyColumn", s.mapping.currency, true)}
      </fieldset>

      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={busy} data-testid="mapping-preview">
          {s.mapping.preview}
        </Button>
        {onCancel && (
          <Button variant="ghost" onClick={onCancel}>
            {t.common.cancel}
          </Button>
        )}
      </div>
    </form>
  );
}
