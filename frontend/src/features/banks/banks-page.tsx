"use client";

import { useEffect, useRef } from "react";
import dynamic from "next/dynamic";
import { X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { DocumentTitle } from "@/components/shell/document-title";
import { FormError, FormSuccess } from "@/features/auth/form-error";
import { useAccounts } from "@/features/overview/data";
import { useI18n } from "@/lib/i18n";
import { AccountsTable } from "./accounts-table";
import { ConnectSection } from "./connect-section";
import { ConnectionList } from "./connections";
import { useConnectFlow } from "./connect-flow";
import { useConnections, useWatchFirstSyncs } from "./data";

// The consent and token steps (a Radix dialog, a form) load when a connection needs them.
const ConnectStepDialog = dynamic(() => import("./connect-step-dialog").then((m) => m.ConnectStepDialog), {
  ssr: false,
});

export function BanksPage() {
  const { t } = useI18n();
  const b = t.banksPage;
  const connections = useConnections();
  const accounts = useAccounts();
  useWatchFirstSyncs(connections.data, accounts.data);
  const flow = useConnectFlow();
  const notice = useRef<HTMLDivElement>(null);

  // After connecting (or failing to), the message is where the eyes go next.
  useEffect(() => {
    if (flow.done || flow.failure) notice.current?.scrollIntoView({ block: "nearest" });
  }, [flow.done, flow.failure]);

  return (
    <div className="grid gap-8">
      <DocumentTitle title={b.title} />
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{b.title}</h1>
        <p className="text-sm text-muted-foreground">{b.subtitle}</p>
      </div>
      <div ref={notice} aria-live="polite" className="empty:hidden">
        {flow.done && (
          <div className="flex items-start gap-2">
            <div className="flex-1">
              <FormSuccess>{b.connected(flow.done.institution_name)}</FormSuccess>
            </div>
            <Button variant="ghost" size="icon" onClick={flow.dismiss} aria-label={t.common.close}>
              <X aria-hidden="true" />
            </Button>
          </div>
        )}
        {flow.failure ? <FormError error={flow.failure} /> : null}
      </div>
      <ConnectionList
        connections={connections}
        accounts={accounts.data ?? []}
        busy={flow.busy}
        onRenew={(c) => void flow.renew(c)}
      />
      <AccountsTable accounts={accounts} connections={connections.data ?? []} />
      <ConnectSection busy={flow.busy} onConnect={(provider, institution) => void flow.begin(provider, institution)} />
      {flow.flow && <ConnectStepDialog flow={flow.flow} onClose={flow.closeFlow} onFinished={flow.finished} />}
    </div>
  );
}
