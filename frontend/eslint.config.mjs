import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  // Playwright fixtures call `use`, which the React hooks rule takes for a hook.
  { files: ["e2e/**"], rules: { "react-hooks/rules-of-hooks": "off" } },
  { ignores: ["node_modules/**", ".next/**", "out/**", "next-env.d.ts", "src/api/schema.d.ts", "e2e/screenshots/**"] },
];

export default config;
