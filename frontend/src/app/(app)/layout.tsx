import { AppShell } from "@/components/shell/app-shell";

/** The signed-in shell: navigation, the Ask panel, the user menu. */
export default function AppLayout({ children }: { children: React.ReactNode }) {
  return <AppShell>{children}</AppShell>;
}
