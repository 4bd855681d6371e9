/**
 * Banks: the providers, the connections' life (start, finish, re-link, sync, remove) and
 * the accounts they bring. Components never fetch.
 */
import { useEffect } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import { ApiError, unwrap } from "@/api/errors";
import { keys } from "@/api/keys";
import type { Account, ProviderInfo, Schemas } from "@/api/types";

export type Connection = Schemas["Connection"];
export type Started = Schemas["Started"];
export type ConnectStep = Schemas["ConnectStep"];
export type Institution = Schemas["Institution"];

export function useProviders() {
  return useQuery({
    queryKey: keys.providers,
    queryFn: async (): Promise<ProviderInfo[]> => unwrap(await api.GET("/api/v1/providers")),
    staleTime: 5 * 60_000,
  });
}

export function useInstitutions(provider: string, country: string) {
  return useQuery({
    queryKey: keys.institutions(provider, country),
    queryFn: async (): Promise<Institution[]> =>
      unwrap(
        await api.GET("/api/v1/providers/{provider}/institutions", {
          params: { path: { provider }, query: { country } },
        }),
      ),
    enabled: country.length === 2,
    staleTime: 60 * 60_000,
  });
}

/** A connection whose first sync has not happened yet is still bringing its accounts. */
export function isAwaitingFirstSync(c: Connection): boolean {
  return c.status === "active" && !c.last_synced_at;
}

/**
 * Still bringing its first accounts: the first sync has not run, or ran just after the
 * connection was made and its accounts are not listed yet.
 */
export function isBringingAccounts(c: Connection, accountCount: number): boolean {
  if (isAwaitingFirstSync(c)) return true;
  return (
    c.status === "active" &&
    accountCount === 0 &&
    !!c.last_synced_at &&
    Date.parse(c.last_synced_at) - Date.parse(c.created_at) < 120_000
  );
}

export function useConnections() {
  return useQuery({
    queryKey: keys.connections,
    queryFn: async (): Promise<Connection[]> => unwrap(await api.GET("/api/v1/connections")),
  });
}

/**
 * A connection just made brings its accounts with its first sync, which runs in the job
 * workers: until they are listed, the connections and the accounts are asked for again every
 * 2 s (for two minutes at most). Answers whether it is waiting.
 */
export function useWatchFirstSyncs(connections: Connection[] | undefined, accounts: Account[] | undefined): boolean {
  const qc = useQueryClient();
  const waiting = (connections ?? []).some((c) =>
    isBringingAccounts(c, (accounts ?? []).filter((a) => a.connection_id === c.id).length),
  );
  useEffect(() => {
    if (!waiting) return;
    let polls = 0;
    const timer = setInterval(() => {
      polls += 1;
      if (polls > 60) clearInterval(timer);
      void qc.invalidateQueries({ queryKey: keys.connections });
      void qc.invalidateQueries({ queryKey: keys.accounts });
    }, 2_000);
    return () => clearInterval(timer);
  }, [waiting, qc]);
  return waiting;
}

function useRefreshBankData() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: keys.connections }),
      qc.invalidateQueries({ queryKey: keys.accounts }),
      qc.invalidateQueries({ queryKey: keys.transactions }),
      qc.invalidateQueries({ queryKey: keys.analytics }),
    ]);
}

export function useStartConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: { provider: string; institution_id?: string | null }): Promise<Started> =>
      unwrap(await api.POST("/api/v1/connections", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.connections }),
  });
}

export function useReconnect() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (id: string): Promise<Started> =>
      unwrap(await api.POST("/api/v1/connections/{id}/reconnect", { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.connections }),
  });
}

export function useCompleteConnection() {
  const refresh = useRefreshBankData();
  return useMutation({
    mutationFn: async ({ id, token }: { id: string; token?: string | null }): Promise<Connection> =>
      unwrap(
        await api.POST("/api/v1/connections/{id}/complete", {
          params: { path: { id } },
          body: token ? { token } : {},
        }),
      ),
    onSuccess: () => refresh(),
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type SyncOutcome = "synced" | "failed" | "still-queued";

/**
 * Asks for a sync, then looks at the connection every 2 s until a sync has finished after
 * the request (or failed), for up to two minutes: the sync itself runs in the job workers.
 */
export function useSyncNow() {
  const refresh = useRefreshBankData();
  return useMutation({
    mutationFn: async (connection: Connection): Promise<SyncOutcome> => {
      const asked = Date.now();
      const failuresBefore = connection.consecutive_failures;
      unwrap(await api.POST("/api/v1/connections/{id}/sync", { params: { path: { id: connection.id } } }));
      for (let waited = 0; waited < 120_000; waited += 2_000) {
        await sleep(2_000);
        const now = unwrap(
          await api.GET("/api/v1/connections/{id}", { params: { path: { id: connection.id } } }),
        );
        // A minute's clock difference between server and browser does not fool this.
        if (now.last_synced_at && Date.parse(now.last_synced_at) > asked - 60_000 &&
            now.last_synced_at !== connection.last_synced_at) {
          return "synced";
        }
        if (now.consecutive_failures > failuresBefore || now.status === "reauth_required") return "failed";
      }
      return "still-queued";
    },
    onSettled: () => refresh(),
  });
}

export function useDeleteConnection() {
  const refresh = useRefreshBankData();
  return useMutation({
    mutationFn: async (id: string) => {
      unwrap(await api.DELETE("/api/v1/connections/{id}", { params: { path: { id } } }));
    },
    onSuccess: () => refresh(),
  });
}

/**
 * The connection a bank's redirect names: GoCardless echoes the reference Kakeibo gave,
 * the connection's id (followed by `-<time>` on a reconnect).
 */
export function connectionIdFromReference(reference: string | null | undefined): string | null {
  const match = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(-\d+)?$/i.exec(reference ?? "");
  return match?.[1]?.toLowerCase() ?? null;
}

/**
 * Finishes a connection the bank sent the person back for. Opened twice (a reload, the back
 * button), the second visit finds it finished already and says so instead of failing.
 */
export function useFinishRedirect() {
  const refresh = useRefreshBankData();
  return useMutation({
    mutationFn: async (id: string): Promise<Connection> => {
      try {
        return unwrap(await api.POST("/api/v1/connections/{id}/complete", { params: { path: { id } }, body: {} }));
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 409 && e.code === "wrong_state")) throw e;
        const now = unwrap(await api.GET("/api/v1/connections/{id}", { params: { path: { id } } }));
        if (now.status === "active" || now.status === "error") return now;
        throw e;
      }
    },
    onSuccess: () => refresh(),
  });
}
