"use client";

import { LogOut, MonitorSmartphone, UserRound } from "lucide-react";
import { useLogout, useMe } from "@/api/account";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { useI18n } from "@/lib/i18n";

export function UserMenu() {
  const { t } = useI18n();
  const me = useMe();
  const logout = useLogout();

  // Once signed out, the shell goes to /login.
  const leave = (everywhere: boolean) => logout.mutate(everywhere);

  const name = me.data?.display_name || me.data?.email || "";
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="sm" data-testid="user-menu">
          <UserRound aria-hidden="true" />
          <span className="hidden max-w-32 truncate sm:inline">{name}</span>
          <span className="sr-only">{name ? `, ${t.user.menu}` : t.user.menu}</span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        {me.data && (
          <>
            <DropdownMenuLabel>
              {t.user.signedInAs}
              <span className="block truncate text-sm font-medium text-popover-foreground">{me.data.email}</span>
            </DropdownMenuLabel>
            <DropdownMenuSeparator />
          </>
        )}
        <DropdownMenuItem onSelect={() => leave(false)} disabled={logout.isPending}>
          <LogOut aria-hidden="true" />
          {t.user.logout}
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={() => leave(true)} disabled={logout.isPending}>
          <MonitorSmartphone aria-hidden="true" />
          {t.user.logoutEverywhere}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
