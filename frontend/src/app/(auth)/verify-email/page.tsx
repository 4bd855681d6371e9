import type { Metadata } from "next";
import { VerifyEmail } from "@/features/auth/verify-email";

export const metadata: Metadata = { title: "Verify your e-mail" };

export default function Page() {
  return <VerifyEmail />;
}
