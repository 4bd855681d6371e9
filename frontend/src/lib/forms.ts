import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { ApiError } from "@/api/errors";

/**
 * Puts a 422's field errors beside their fields. `rename` maps the server's field names
 * to the form's where they differ (`new_password` → `password`). Answers the errors no
 * field of the form shows, for a message above the form.
 */
export function showServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
  rename: Record<string, Path<T>> = {},
): string[] {
  if (!(error instanceof ApiError) || error.status !== 422) return [];
  const rest: string[] = [];
  for (const problem of error.fields) {
    const name = (rename[problem.field] ?? problem.field) as Path<T>;
    if (fields.includes(name)) setError(name, { type: "server", message: problem.message }, { shouldFocus: true });
    else rest.push(problem.message);
  }
  if (error.fields.length === 0) rest.push(error.message);
  return rest;
}
