/**
 * Settings: the profile, the password, two-factor authentication, sessions, API tokens and
 * the audit log, through the typed client. Components never fetch.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import { unwrap } from "@/api/errors";
import { keys } from "@/api/keys";
import type { Me, Schemas } from "@/api/types";

export type ProfileInput = Schemas["UpdateMe"];
export type Enrollment = Schemas["Enrollment"];
export type SessionInfo = Schemas["SessionInfo"];
export type ApiTokenInfo = Schemas["ApiTokenInfo"];
export type CreatedToken = Schemas["CreatedToken"];
export type TokenInput = Schemas["CreateToken"];
export type AuditEvent = Schemas["AuditEvent"];
export type FxRates = Schemas["FxRates"];
export type CurrencyRate = Schemas["CurrencyRate"];

export function useUpdateProfile() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: ProfileInput): Promise<Me> => unwrap(await api.PATCH("/api/v1/me", { body })),
    onSuccess: (me) => {
      qc.setQueryData(keys.me, me);
      // Amounts, budgets and dates follow the base currency and the time zone.
      void qc.invalidateQueries({ queryKey: keys.analytics });
      void qc.invalidateQueries({ queryKey: keys.budgets });
      void qc.invalidateQueries({ queryKey: keys.fxRates });
    },
  });
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: { current_password: string; new_password: string }) => {
      unwrap(await api.POST("/api/v1/auth/password", { body }));
    },
    // Every other session ended.
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.sessions }),
  });
}

export function useStartTwoFactor() {
  return useMutation({
    mutationFn: async (): Promise<Enrollment> => unwrap(await api.POST("/api/v1/auth/2fa/enable")),
  });
}

export function useConfirmTwoFactor() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (code: string): Promise<string[]> =>
      unwrap(await api.POST("/api/v1/auth/2fa/confirm", { body: { code } })).recovery_codes,
    onSuccess: () => {
      qc.setQueryData<Me>(keys.me, (old) => (old ? { ...old, two_factor_enabled: true } : old));
      void qc.invalidateQueries({ queryKey: keys.me });
      void qc.invalidateQueries({ queryKey: keys.auditLog });
    },
  });
}

export function useDisableTwoFactor() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: { password: string; code: string }) => {
      unwrap(await api.POST("/api/v1/auth/2fa/disable", { body }));
    },
    onSuccess: () => {
      qc.setQueryData<Me>(keys.me, (old) => (old ? { ...old, two_factor_enabled: false } : old));
      void qc.invalidateQueries({ queryKey: keys.me });
      void qc.invalidateQueries({ queryKey: keys.auditLog });
    },
  });
}

export function useSessions() {
  return useQuery({
    queryKey: keys.sessions,
    queryFn: async (): Promise<SessionInfo[]> => unwrap(await api.GET("/api/v1/auth/sessions")),
  });
}

export function useRevokeSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      unwrap(await api.DELETE("/api/v1/auth/sessions/{id}", { params: { path: { id } } }));
    },
    onMutate: async (id) => {
      await qc.cancelQueries({ queryKey: keys.sessions });
      qc.setQueryData<SessionInfo[]>(keys.sessions, (old) => old?.filter((s) => s.id !== id));
    },
    onSettled: () => qc.invalidateQueries({ queryKey: keys.sessions }),
  });
}

export function useApiTokens() {
  return useQuery({
    queryKey: keys.apiTokens,
    queryFn: async (): Promise<ApiTokenInfo[]> => unwrap(await api.GET("/api/v1/auth/tokens")),
  });
}

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: TokenInput): Promise<CreatedToken> => unwrap(await api.POST("/api/v1/auth/tokens", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.apiTokens }),
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      unwrap(await api.DELETE("/api/v1/auth/tokens/{id}", { params: { path: { id } } }));
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.apiTokens }),
  });
}

const AUDIT_PAGE = 50;

/** The security events, newest first, a page at a time (the server's keyset cursor). */
export function useAuditLog() {
  return useInfiniteQuery({
    queryKey: keys.auditLog,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET("/api/v1/audit-log", {
          params: { query: { before: pageParam ?? undefined, limit: AUDIT_PAGE } },
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
}

/** The rates the user's other currencies convert to the home currency with (read only). */
export function useFxRates() {
  return useQuery({
    queryKey: keys.fxRates,
    queryFn: async (): Promise<FxRates> => unwrap(await api.GET("/api/v1/fx/rates")),
  });
}
