import {
  ArrowLeftRight,
  BarChart3,
  Building2,
  FileUp,
  LayoutDashboard,
  ListChecks,
  PiggyBank,
  Settings,
  type LucideIcon,
} from "lucide-react";
import type { Dictionary } from "@/lib/i18n/en";

export interface NavItem {
  href: string;
  key: Exclude<keyof Dictionary["nav"], "main" | "openMenu">;
  icon: LucideIcon;
}

export const navItems: NavItem[] = [
  { href: "/", key: "overview", icon: LayoutDashboard },
  { href: "/transactions", key: "transactions", icon: ArrowLeftRight },
  { href: "/import", key: "import", icon: FileUp },
  { href: "/banks", key: "banks", icon: Building2 },
  { href: "/budgets", key: "budgets", icon: PiggyBank },
  { href: "/reports", key: "reports", icon: BarChart3 },
  { href: "/rules", key: "rules", icon: ListChecks },
  { href: "/settings", key: "settings", icon: Settings },
];
