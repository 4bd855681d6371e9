import { AuthShell } from "@/components/shell/auth-shell";

/** The signed-out shell: one centred card, with the language and theme switches. */
export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return <AuthShell>{children}</AuthShell>;
}
