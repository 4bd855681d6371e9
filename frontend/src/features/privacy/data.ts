/**
 * Settings → Privacy: the consent for external LLMs, deleting the account, and the notices
 * around it (on the login page after the deletion, in the app after a login that cancelled
 * one). Components never fetch.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import { unwrap } from "@/api/errors";
import { keys } from "@/api/keys";
import { signOut } from "@/api/session";
import type { Schemas } from "@/api/types";
import { createStore } from "@/lib/store";

export type DeletionScheduled = Schemas["DeletionScheduled"];
export type DeleteAccountRequest = Schemas["DeleteAccountRequest"];

/**
 * What the person should be told once, across the sign-out or sign-in that follows: the
 * deletion just asked for (shown on the login page), or the deletion a login cancelled.
 * In memory only: a reload has nothing more to say.
 */
export type AccountNotice = { kind: "deleted"; eraseAfter: string; erased: boolean } | { kind: "deletion-cancelled" } | null;

export const accountNotice = createStore<AccountNotice>(null);

/**
 * `POST /privacy/delete-account`. On success the server has ended every session: the app
 * forgets its own, its cache, and goes to the login page, which says when the data goes.
 */
export function useDeleteAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: DeleteAccountRequest): Promise<DeletionScheduled> =>
      unwrap(await api.POST("/api/v1/privacy/delete-account", { body })),
    onSuccess: (scheduled) => {
      accountNotice.set({ kind: "deleted", eraseAfter: scheduled.erase_after, erased: scheduled.erased });
      signOut("logout");
      qc.clear();
    },
  });
}

export type LlmConsent = Schemas["LlmConsent"];

/** The consent for external LLMs, and what kind of model this server has. */
export function useLlmConsent() {
  return useQuery({
    queryKey: keys.llmConsent,
    queryFn: async (): Promise<LlmConsent> => unwrap(await api.GET("/api/v1/privacy/llm-consent")),
  });
}

export function useSetLlmConsent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (consent: boolean): Promise<LlmConsent> =>
      unwrap(await api.PUT("/api/v1/privacy/llm-consent", { body: { consent } })),
    onSuccess: (state) => {
      qc.setQueryData(keys.llmConsent, state);
      void qc.invalidateQueries({ queryKey: keys.auditLog });
    },
  });
}
