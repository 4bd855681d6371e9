/**
 * Settings → Privacy: the data exports, the consent for external LLMs, deleting the
 * account (with the server's grace period), and the notices around it (on the login page after the deletion, in the app after a login that cancelled
 * one). Components never fetch.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import { unwrap } from "@/api/errors";
import { keys } from "@/api/keys";
import { signOut } from "@/api/session";
import type { Schemas } from "@/api/types";
import { saveFile } from "@/lib/save-file";
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

export type PrivacyTerms = Schemas["PrivacyTerms"];

/** The server's grace period before erasure and an export's lifetime: settings, fetched once. */
export function usePrivacyTerms() {
  return useQuery({
    queryKey: keys.privacyTerms,
    queryFn: async (): Promise<PrivacyTerms> => unwrap(await api.GET("/api/v1/privacy/settings")),
    staleTime: Infinity,
  });
}

export type ExportStatus = Schemas["ExportStatus"];

/** Queued or running: the list is asked again until it is done. */
export const inProgress = (e: ExportStatus) => e.status === "queued" || e.status === "running";

const POLL_MS = 2_000;

/** The user's exports, newest first; polled while one is being made. */
export function useExports() {
  return useQuery({
    queryKey: keys.privacyExports,
    queryFn: async (): Promise<ExportStatus[]> => unwrap(await api.GET("/api/v1/privacy/exports")),
    refetchInterval: (query) => (query.state.data?.some(inProgress) ? POLL_MS : false),
  });
}

/**
 * `POST /privacy/export`: a new export (202), or the one already queued or running (200),
 * which the list then shows instead of a second.
 */
export function useRequestExport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (): Promise<{ export: ExportStatus; added: boolean }> => {
      const result = await api.POST("/api/v1/privacy/export");
      return { export: unwrap(result), added: result.response.status === 202 };
    },
    onSuccess: ({ export: current }) => {
      qc.setQueryData<ExportStatus[]>(keys.privacyExports, (list = []) => [
        current,
        ...list.filter((e) => e.id !== current.id),
      ]);
      void qc.invalidateQueries({ queryKey: keys.privacyExports });
    },
  });
}

/**
 * Fetches a ready export with the session's token (a plain link would carry none) and
 * hands it to the browser as a file, under the name the server gives it.
 */
export function useDownloadExport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (id: string): Promise<void> => {
      const result = await api.GET("/api/v1/privacy/export/{id}/download", {
        params: { path: { id } },
        parseAs: "blob",
      });
      const blob = unwrap(result) as unknown as Blob;
      saveFile(blob, fileName(result.response.headers.get("content-disposition")));
    },
    // A 409 or 410 means the list is out of date (failed, or expired meanwhile).
    onError: () => void qc.invalidateQueries({ queryKey: keys.privacyExports }),
  });
}

function fileName(disposition: string | null): string {
  const name = /filename="([^"]+)"/.exec(disposition ?? "")?.[1];
  return name && /^[\w.-]+$/.test(name) ? name : "kakeibo-export.zip";
}
