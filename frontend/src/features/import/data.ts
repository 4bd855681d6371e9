/**
 * The import page's data hooks: accounts (and a new manual one), the preview and the
 * import (multipart uploads through the typed client), and the history of file imports.
 */
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { api } from "@/api/client";
import { unwrap } from "@/api/errors";
import { keys } from "@/api/keys";
import type { Schemas } from "@/api/types";

export type Preview = Schemas["Preview"];
export type ImportSummary = Schemas["ImportSummary"];
export type ImportListItem = Schemas["ImportListItem"];
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

export function useImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: UploadInput & { accountId: string }): Promise<ImportSummary> =>
      unwrap(await api.POST("/api/v1/imports", { body: form(input), bodySerializer: (b) => b as FormData })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.importHistory });
      void qc.invalidateQueries({ queryKey: keys.transactions });
      void qc.invalidateQueries({ queryKey: keys.accounts });
      void qc.invalidateQueries({ queryKey: keys.analytics });
    },
  });
}

const HISTORY_PAGE = 20;

/** Files imported earlier (not syncs), newest first, a page at a time. */
export function useImportHistory() {
  return useInfiniteQuery({
    queryKey: keys.importHistory,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET("/api/v1/imports", {
          params: { query: { source: "file", before: pageParam ?? undefined, limit: HISTORY_PAGE } },
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
}

export function useCreateAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewAccount) => unwrap(await api.POST("/api/v1/accounts", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.accounts }),
  });
}
