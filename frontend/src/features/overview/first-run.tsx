"use client";

import { useEffect } from "react";
import Link from "next/link";
import { Building2, FileUp, Landmark, Loader2 } from "lucide-react";
import { Button, buttonVariants } from "@/components/ui/button";
import { FormError, FormSuccess } from "@/features/auth/form-error";
import { useI18n } from "@/lib/i18n";
import { NoDemoBank, useAccounts, useConnectDemoBank, useRefreshOverview } from "./data";

/** Shown while the user has no accounts: three ways to bring money in. */
export function FirstRun() {
  const { t } = useI18n();
  const f = t.firstRun;
  const connect = useConnectDemoBank();
  // After connecting, the first sync runs as a job: look for its accounts every 2 s.
  const accounts = useAccounts({ poll: connect.isSuccess });
  const refresh = useRefreshOverview();
  const arrived = (accounts.data?.length ?? 0) > 0;
  useEffect(() => {
    if (arrived) void refresh();
  }, [arrived, refresh]);

  return (
    <section aria-labelledby="first-run-title" className="mx-auto grid w-full max-w-3xl gap-6 py-6" data-testid="first-run">
      <div className="grid gap-2 text-center">
        <h1 id="first-run-title" className="text-2xl font-semibold tracking-tight">
          {f.title}
        </h1>
        <p className="text-muted-foreground">{f.text}</p>
      </div>
      <div aria-live="polite">
        {connect.isSuccess && <FormSuccess>{f.connected}</FormSuccess>}
        {connect.isError && <FormError error={connect.error} message={connect.error instanceof NoDemoBank ? f.noDemo : null} />}
      </div>
      <ul className="grid gap-4 md:grid-cols-3">
        <Choice icon={<Landmark />} title={f.demo} text={f.demoText}>
          <Button onClick={() => connect.mutate()} disabled={connect.isPending || connect.isSuccess} className="w-full">
            {connect.isPending || connect.isSuccess ? (
              <>
                <Loader2 className="animate-spin" aria-hidden="true" />
                {f.connecting}
              </>
            ) : (
              f.demo
            )}
          </Button>
        </Choice>
        <Choice icon={<Building2 />} title={f.bank} text={f.bankText}>
          <Link href="/banks" className={buttonVariants({ variant: "outline", className: "w-full" })}>
            {f.bank}
          </Link>
        </Choice>
        <Choice icon={<FileUp />} title={f.import} text={f.importText}>
          <Link href="/import" className={buttonVariants({ variant: "outline", className: "w-full" })}>
            {f.import}
          </Link>
        </Choice>
      </ul>
    </section>
  );
}

function Choice({
  icon,
  title,
  text,
  children,
}: {
  icon: React.ReactNode;
  title: string;
  text: string;
  children: React.ReactNode;
}) {
  return (
    <li className="flex flex-col gap-3 rounded-xl border bg-card p-5 shadow-xs">
      <span aria-hidden="true" className="flex size-10 items-center justify-center rounded-lg bg-accent text-accent-foreground [&_svg]:size-5">
        {icon}
      </span>
      <h2 className="font-semibold">{title}</h2>
      <p className="flex-1 text-sm text-muted-foreground">{text}</p>
      {children}
    </li>
  );
}
