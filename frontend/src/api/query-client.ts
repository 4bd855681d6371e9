import { QueryClient } from "@tanstack/react-query";
import { ApiError, ServerUnreachableError, SessionExpiredError } from "./errors";

/** Retries: forever (gently) while the server is unreachable, never for a 4xx. */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failures, error) => {
          if (error instanceof ServerUnreachableError) return true;
          if (error instanceof SessionExpiredError) return false;
          if (error instanceof ApiError && error.status < 500) return false;
          return failures < 2;
        },
        retryDelay: (attempt) => Math.min(15_000, 1_000 * 2 ** attempt),
      },
      mutations: { retry: false },
    },
  });
}
