import { createStore } from "@/lib/store";

/** Whether the last call reached Kakeibo's server. The banner reads this. */
export const serverReachable = createStore(true);

export function reportReachable() {
  serverReachable.set(true);
}

export function reportUnreachable() {
  serverReachable.set(false);
}
