/**
 * A query string for the few endpoints whose OpenAPI document lists their query
 * parameters as path parameters (`GET /budgets/{id}/progress?at=`, `GET /audit-log?before=&limit=`:
 * the server reads them from the query). openapi-fetch drops path values that the path
 * does not name, so these go in through `querySerializer`; values left out are not sent.
 */
export function queryOf(values: Record<string, string | number | null | undefined>): () => string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value !== null && value !== undefined && value !== "") search.set(name, String(value));
  }
  const text = search.toString();
  return () => text;
}
