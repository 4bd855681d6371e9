/**
 * The import page's data hooks: accounts (and a new manual one), the preview and the
 * import (multipart uploads through the typed client), and the imports of this session.
 */
import { useEffect } from "react";
import { useQueries, useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { api } from "@/api/client";
import { unwrap } from "@/api/errors";
import { keys } from "@/api/keys";
import type { Schemas } from "@/api/types";
import { createStore, useStore } from "@/lib/store";

export type Preview = Schemas["Preview"];
export type ImportSummary = Schemas["ImportSummary"];
export type NewAccount = Schemas["NewAccount"];

/**
 * A CSV column mapping, the form `options.csv_mapping` takes (`CsvMapping` in the
 * statements crate). The OpenAPI document leaves `csv_guess` an untyped object, so the
 * guess is read through this schema, checked, not assumed.
 */
const column = z.union([z.string(), z.number().int().nonnegative()]);
const amountColumns = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("single"), column, sign: z.enum(["normal", "inverted"]).default("normal") }),
  z.object({ kind: z.literal("debit_credit"), debit: column, credit: column }),
  z.object({
    kind: z.literal("sign_column"),
    amount: column,
    sign_column: column,
    negative_values: z.array(z.string()),
  }),
]);
export const csvMappingSchema = z
  .object({
    delimiter: z.number().int(),
    has_header: z.boolean(),
    skip_lines: z.number().int().nonnegative().default(0),
    encoding: z.enum(["utf8", "windows-1252"]),
    date_column: column,
    date_format: z.string(),
    amount: amountColumns,
    decimal_mark: z.enum(["point", "comma"]),
    payee_column: column.nullable().optional(),
    description_column: column.nullable().optional(),
    id_column: column.nullable().optional(),
    currency_column: column.nullable().optional(),
  })
  // The guess may carry fields this page does not edit (status, fee…): they go back as sent.
  .loose();
export type CsvMapping = z.infer<typeof csvMappingSchema>;
export type Column = z.infer<typeof column>;

const csvGuessSchema = z.object({
  mapping: csvMappingSchema,
  confidence: z.number(),
  reasons: z.array(z.string()),
});
export type CsvGuess = z.infer<typeof csvGuessSchema>;

/** The preview's guess, when there is one and it reads as a mapping. */
export function readGuess(preview: Preview | undefined): CsvGuess | null {
  const parsed = csvGuessSchema.safeParse(preview?.csv_guess);
  return parsed.success ? parsed.data : null;
}

/** A guess at least this sure is imported unasked (the server's `CONFIDENT`). */
export const CONFIDENT = 0.8;

/** A preview's sample line (`StatementLine`, untyped in the OpenAPI document). */
const sampleSchema = z.object({
  source_line: z.number(),
  booked_on: z.string(),
  amount: z.union([z.string(), z.number()]),
  currency: z.string().nullable().optional(),
  payee: z.string(),
  description: z.string(),
  pending: z.boolean().optional(),
});
export type SampleLine = z.infer<typeof sampleSchema>;

export function readSample(preview: Preview): SampleLine[] {
  return preview.sample.flatMap((line) => {
    const parsed = sampleSchema.safeParse(line);
    return parsed.success ? [parsed.data] : [];
  });
}

export interface UploadInput {
  file: File;
  accountId: string | null;
  mapping: CsvMapping | null;
}

function form({ file, accountId, mapping }: UploadInput): FormData {
  const body = new FormData();
  body.append("file", file, file.name);
  if (accountId) body.append("account_id", accountId);
  if (mapping) body.append("options", JSON.stringify({ format: "csv", csv_mapping: mapping }));
  return body;
}

export function usePreview() {
  return useMutation({
    mutationFn: async (input: UploadInput): Promise<Preview> =>
      unwrap(await api.POST("/api/v1/imports/preview", { body: form(input), bodySerializer: (b) => b as FormData })),
  });
}

/** The imports made in this tab (the API has no list of past imports). */
const KEY = "kakeibo.imports";
function readIds(): string[] {
  try {
    const v: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? "[]");
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}
const sessionImports = createStore<string[]>([]);
let loaded = false;

export function useSessionImportIds(): string[] {
  useEffect(() => {
    if (loaded) return;
    loaded = true;
    sessionImports.set(readIds());
  }, []);
  return useStore(sessionImports, []);
}

function remember(id: string) {
  const ids = [id, ...(loaded ? sessionImports.get() : readIds()).filter((x) => x !== id)].slice(0, 50);
  sessionImports.set(ids);
  try {
    sessionStorage.setItem(KEY, JSON.stringify(ids));
  } catch {
    // Kept for this page only.
  }
}

export function useImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: UploadInput & { accountId: string }): Promise<ImportSummary> =>
      unwrap(await api.POST("/api/v1/imports", { body: form(input), bodySerializer: (b) => b as FormData })),
    onSuccess: (summary) => {
      for (const s of [summary, ...(summary.other_imports ?? [])]) {
        remember(s.id);
        qc.setQueryData(keys.importSummary(s.id), s);
      }
      void qc.invalidateQueries({ queryKey: keys.transactions });
      void qc.invalidateQueries({ queryKey: keys.accounts });
      void qc.invalidateQueries({ queryKey: keys.analytics });
    },
  });
}

/** The session's imports, each asked for by id (`GET /imports/{id}`). */
export function useImportHistory(ids: string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: keys.importSummary(id),
      queryFn: async (): Promise<ImportSummary> =>
        unwrap(await api.GET("/api/v1/imports/{id}", { params: { path: { id } } })),
      staleTime: Infinity,
    })),
  });
}

export function useCreateAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewAccount) => unwrap(await api.POST("/api/v1/accounts", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.accounts }),
  });
}
