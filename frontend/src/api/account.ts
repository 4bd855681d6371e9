/** The signed-in user, sign-in flows and logout. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { SessionExpiredError, unwrap } from "./errors";
import { keys } from "./keys";
import { session, signIn, signOut } from "./session";
import { useStore } from "@/lib/store";
import type { Me } from "./types";

export function useSession() {
  return useStore(session);
}

export function useMe() {
  const { status } = useSession();
  return useQuery({
    queryKey: keys.me,
    queryFn: async () => unwrap(await api.GET("/api/v1/me")),
    enabled: status === "signed-in",
    staleTime: 5 * 60_000,
  });
}

/** Changes the user's language on the server (the I18n provider has already switched). */
export function useSetLocale() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (locale: string) => unwrap(await api.PATCH("/api/v1/me", { body: { locale } })),
    onMutate: (locale) => {
      qc.setQueryData<Me>(keys.me, (old) => (old ? { ...old, locale } : old));
    },
    onSuccess: (me) => qc.setQueryData(keys.me, me),
  });
}

/** Signed in (`deletionCancelled`: this login cancelled the account's pending deletion). */
export type LoginOutcome =
  | { kind: "signed-in"; deletionCancelled: boolean }
  | { kind: "two-factor"; challengeToken: string };

/** `POST /auth/login` answers the tokens, or (2FA on) a challenge for the code step. */
export async function login(email: string, password: string): Promise<LoginOutcome> {
  const body = unwrap(await api.POST("/api/v1/auth/login", { body: { email, password } }));
  if ("challenge_token" in body) return { kind: "two-factor", challengeToken: body.challenge_token };
  signIn(body);
  return { kind: "signed-in", deletionCancelled: body.deletion_cancelled };
}

export async function loginSecondFactor(
  challengeToken: string,
  answer: { code: string } | { recovery_code: string },
): Promise<{ deletionCancelled: boolean }> {
  const body = unwrap(
    await api.POST("/api/v1/auth/login/2fa", { body: { challenge_token: challengeToken, ...answer } }),
  );
  signIn(body);
  return { deletionCancelled: body.deletion_cancelled };
}

export async function register(input: { email: string; password: string; display_name: string }) {
  signIn(unwrap(await api.POST("/api/v1/auth/register", { body: input })));
}

export async function verifyEmail(token: string) {
  unwrap(await api.POST("/api/v1/auth/verify-email", { body: { token } }));
}

export async function forgotPassword(email: string) {
  unwrap(await api.POST("/api/v1/auth/forgot-password", { body: { email } }));
}

export async function resetPassword(token: string, newPassword: string) {
  unwrap(await api.POST("/api/v1/auth/reset-password", { body: { token, new_password: newPassword } }));
}

/**
 * Ends this session (`everywhere`: every session of the user, on every device). When the
 * server cannot be reached, nothing is pretended: the error surfaces and the person stays
 * signed in, since the refresh cookie would otherwise bring the session back on reload.
 */
export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (everywhere: boolean) => {
      if (everywhere) unwrap(await api.DELETE("/api/v1/auth/sessions"));
      try {
        // Clears the refresh cookie. After "everywhere" the session is already gone: the 401
        // leads to a refresh the server refuses, and that answer clears the cookie instead.
        await api.POST("/api/v1/auth/logout");
      } catch (e) {
        if (!(e instanceof SessionExpiredError)) throw e;
      }
      signOut("logout");
      qc.clear();
    },
  });
}
