"use client";

import { useMemo, useState } from "react";
import Link from "next/link";
import { Building2, FileUp, Landmark, Loader2 } from "lucide-react";
import type { ProviderInfo } from "@/api/types";
import { Button, buttonVariants } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { SelectField } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { useI18n } from "@/lib/i18n";
import { cn } from "@/lib/utils";
import { SectionError } from "@/features/budgets/states";
import { useInstitutions, useProviders } from "./data";

/** The countries GoCardless reaches (EEA and the UK). */
const GOCARDLESS_COUNTRIES = [
  "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GR", "HR", "HU", "IE",
  "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
];

export function ConnectSection({
  busy,
  onConnect,
}: {
  busy: string | null;
  onConnect: (provider: string, institutionId?: string | null) => void;
}) {
  const { t } = useI18n();
  const b = t.banksPage;
  const providers = useProviders();
  return (
    <section aria-labelledby="connect-heading" className="grid gap-4" data-testid="connect-section">
      <h2 id="connect-heading" className="text-lg font-semibold">
        {b.connectTitle}
      </h2>
      {providers.isPending ? (
        <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3" aria-busy="true">
          <span className="sr-only">{t.common.loading}</span>
          <Skeleton className="h-44 rounded-xl" />
          <Skeleton className="h-44 rounded-xl" />
        </div>
      ) : providers.isError ? (
        <SectionError error={providers.error} onRetry={() => void providers.refetch()} />
      ) : (
        <ul className="grid items-stretch gap-4 md:grid-cols-2 xl:grid-cols-3">
          {providers.data.length === 0 && (
            <li className="rounded-xl border border-dashed p-5 text-sm text-muted-foreground md:col-span-2 xl:col-span-3">
              {b.noProviders}
            </li>
          )}
          {providers.data.map((p) => (
            <ProviderCard key={p.id} provider={p} busy={busy} onConnect={onConnect} />
          ))}
          <li className="flex flex-col gap-3 rounded-xl border border-dashed p-5">
            <div className="flex items-center gap-3">
              <span
                aria-hidden="true"
                className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-muted text-muted-foreground [&_svg]:size-5"
              >
                <FileUp />
              </span>
              <h3 className="font-semibold">{t.firstRun.import}</h3>
            </div>
            <p className="flex-1 text-sm text-muted-foreground">{t.firstRun.importText}</p>
            <Link href="/import" className={buttonVariants({ variant: "outline", className: "w-full" })}>
              {t.firstRun.import}
            </Link>
          </li>
        </ul>
      )}
    </section>
  );
}

function ProviderCard({
  provider,
  busy,
  onConnect,
}: {
  provider: ProviderInfo;
  busy: string | null;
  onConnect: (provider: string, institutionId?: string | null) => void;
}) {
  const { t } = useI18n();
  const b = t.banksPage;
  const working = busy === provider.id;
  return (
    <li className="flex flex-col gap-3 rounded-xl border bg-card p-5 shadow-xs" data-testid={`provider-${provider.id}`}>
      <div className="flex items-center gap-3">
        <span
          aria-hidden="true"
          className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-accent text-accent-foreground [&_svg]:size-5"
        >
          {provider.id === "demo" ? <Landmark /> : <Building2 />}
        </span>
        <h3 className="font-semibold">{provider.name}</h3>
      </div>
      <p className="text-sm text-muted-foreground">{b.providers[provider.id] ?? b.otherProvider}</p>
      {provider.id === "gocardless" ? (
        <InstitutionPicker provider={provider} working={working} disabled={busy !== null} onConnect={onConnect} />
      ) : (
        <Button
          className="mt-auto w-full"
          variant={provider.id === "demo" ? "default" : "outline"}
          disabled={busy !== null}
          onClick={() => onConnect(provider.id)}
          aria-label={b.connectName(provider.name)}
        >
          {working && <Loader2 className="animate-spin" aria-hidden="true" />}
          {working ? b.connecting : b.connect}
        </Button>
      )}
    </li>
  );
}

/** GoCardless lists its banks per country: pick the country, then the bank. */
function InstitutionPicker({
  provider,
  working,
  disabled,
  onConnect,
}: {
  provider: ProviderInfo;
  working: boolean;
  disabled: boolean;
  onConnect: (provider: string, institutionId?: string | null) => void;
}) {
  const { t, locale } = useI18n();
  const b = t.banksPage;
  const [country, setCountry] = useState("");
  const [search, setSearch] = useState("");
  const [chosen, setChosen] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const institutions = useInstitutions(provider.id, country);
  const countryNames = useMemo(() => {
    let names: Intl.DisplayNames | null = null;
    try {
      names = new Intl.DisplayNames([locale], { type: "region" });
    } catch {
      names = null;
    }
    return GOCARDLESS_COUNTRIES.map((code) => ({ code, name: names?.of(code) ?? code })).sort((x, y) =>
      x.name.localeCompare(y.name, locale),
    );
  }, [locale]);
  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (institutions.data ?? []).filter((i) => !q || i.name.toLowerCase().includes(q)).slice(0, 200);
  }, [institutions.data, search]);
  const listId = `${provider.id}-institutions`;

  return (
    <div className="grid gap-3">
      <SelectField
        id={`${provider.id}-country`}
        label={b.country}
        value={country}
        onChange={(e) => {
          setCountry(e.target.value);
          setChosen(null);
        }}
      >
        <option value="">{b.pickCountry}</option>
        {countryNames.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </SelectField>
      {country && (
        <fieldset className="grid gap-2">
          <legend className="mb-1.5 text-sm font-medium">{b.bank}</legend>
          <Label htmlFor={`${provider.id}-search`} className="sr-only">
            {b.searchBank}
          </Label>
          <Input
            id={`${provider.id}-search`}
            type="search"
            placeholder={b.searchBank}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            aria-controls={listId}
          />
          {institutions.isPending ? (
            <p className="text-sm text-muted-foreground" aria-busy="true">
              {b.loadingBanks}
            </p>
          ) : institutions.isError ? (
            <SectionError error={institutions.error} onRetry={() => void institutions.refetch()} />
          ) : shown.length === 0 ? (
            <p className="text-sm text-muted-foreground">{b.noBanks}</p>
          ) : (
            <div id={listId} className="max-h-56 overflow-y-auto rounded-md border">
              {shown.map((i) => (
                <label
                  key={i.id}
                  className={cn(
                    "flex cursor-pointer items-center gap-3 border-b px-3 py-2 text-sm last:border-0 hover:bg-accent/60",
                    chosen === i.id && "bg-accent text-accent-foreground",
                  )}
                >
                  <input
                    type="radio"
                    name={`${provider.id}-institution`}
                    value={i.id}
                    checked={chosen === i.id}
                    onChange={() => setChosen(i.id)}
                    className="accent-[var(--primary)]"
                  />
                  <span className="min-w-0 flex-1 truncate">{i.name}</span>
                  {i.transaction_total_days ? (
                    <span className="shrink-0 text-xs text-muted-foreground">{b.history(i.transaction_total_days)}</span>
                  ) : null}
                </label>
              ))}
            </div>
          )}
        </fieldset>
      )}
      {tried && !chosen && (
        <p className="text-sm text-destructive" role="alert">
          {b.chooseBank}
        </p>
      )}
      <Button
        className="w-full"
        variant="outline"
        disabled={disabled}
        onClick={() => {
          setTried(true);
          if (chosen) onConnect(provider.id, chosen);
        }}
        aria-label={b.connectName(provider.name)}
      >
        {working && <Loader2 className="animate-spin" aria-hidden="true" />}
        {working ? b.connecting : b.connect}
      </Button>
    </div>
  );
}
