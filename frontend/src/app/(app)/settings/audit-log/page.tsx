import type { Metadata } from "next";
import { AuditLogSection } from "@/features/settings/audit-log-section";

export const metadata: Metadata = { title: "Audit log · Settings" };

export default function Page() {
  return <AuditLogSection />;
}
