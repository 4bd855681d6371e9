/** "Firefox on Linux" from a User-Agent header: enough to tell one's devices apart. */
export function describeAgent(agent: string | null | undefined): { browser: string | null; os: string | null } {
  if (!agent) return { browser: null, os: null };
  const ua = agent;
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /OPR\//.test(ua)
      ? "Opera"
      : /Firefox\//.test(ua)
        ? "Firefox"
        : /(Chrome|Chromium|CriOS)\//.test(ua)
          ? "Chrome"
          : /Safari\//.test(ua)
            ? "Safari"
            : /^curl\//.test(ua)
              ? "curl"
              : /^kakeibo/i.test(ua)
                ? "Kakeibo"
                : (/^([A-Za-z][\w.-]*)\//.exec(ua)?.[1] ?? null);
  const os = /Android/.test(ua)
    ? "Android"
    : /iPhone|iPad|iPod/.test(ua)
      ? "iOS"
      : /Windows/.test(ua)
        ? "Windows"
        : /Mac OS X|Macintosh/.test(ua)
          ? "macOS"
          : /CrOS/.test(ua)
            ? "ChromeOS"
            : /Linux/.test(ua)
              ? "Linux"
              : null;
  return { browser, os };
}
