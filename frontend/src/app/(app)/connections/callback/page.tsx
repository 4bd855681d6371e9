import type { Metadata } from "next";
import { ConnectionCallback } from "@/features/banks/connection-callback";

export const metadata: Metadata = { title: "Connecting your bank" };

/** Where banks send the person back after consent (`connections_api.rs`, `callback_url`). */
export default function Page() {
  return <ConnectionCallback />;
}
