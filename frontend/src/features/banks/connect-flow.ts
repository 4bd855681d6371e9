"use client";

import { useCallback, useState } from "react";
import {
  useCompleteConnection,
  useReconnect,
  useStartConnection,
  type Connection,
  type ConnectStep,
  type Started,
} from "./data";

/** A connection waiting for the person: what to show them next. */
export interface Flow {
  connection: Connection;
  step: Exclude<ConnectStep, { kind: "ready" }>;
}

/**
 * Starting or renewing a connection: the provider answers the next step. "ready" (the demo
 * bank) is finished at once; every other step waits for the person in a dialog.
 */
export function useConnectFlow() {
  const start = useStartConnection();
  const reconnect = useReconnect();
  const complete = useCompleteConnection();
  const [flow, setFlow] = useState<Flow | null>(null);
  const [done, setDone] = useState<Connection | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  const follow = useCallback(
    async (started: Started) => {
      const step = started.next_step;
      if (step.kind === "ready") {
        setDone(await complete.mutateAsync({ id: started.connection.id }));
      } else {
        setFlow({ connection: started.connection, step });
      }
    },
    [complete],
  );

  const run = useCallback(
    async (key: string, work: () => Promise<Started>) => {
      setBusy(key);
      setFailure(null);
      setDone(null);
      try {
        await follow(await work());
      } catch (e) {
        setFailure(e);
      } finally {
        setBusy(null);
      }
    },
    [follow],
  );

  return {
    flow,
    done,
    busy,
    failure,
    /** `key` names what is busy (a provider's id, or a connection's). */
    begin: (provider: string, institutionId?: string | null) =>
      run(provider, () => start.mutateAsync({ provider, institution_id: institutionId ?? null })),
    renew: (connection: Connection) => run(connection.id, () => reconnect.mutateAsync(connection.id)),
    closeFlow: () => setFlow(null),
    finished: (connection: Connection) => {
      setFlow(null);
      setDone(connection);
    },
    dismiss: () => {
      setDone(null);
      setFailure(null);
    },
  };
}
