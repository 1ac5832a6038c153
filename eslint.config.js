import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "data/", "node_modules/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    files: ["public/**/*.js"],
    languageOptions: {
      sourceType: "script",
      globals: {
        document: "readonly",
        navigator: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        fetch: "readonly",
        history: "readonly",
        DOMParser: "readonly",
        FormData: "readonly",
        URLSearchParams: "readonly",
        URL: "readonly",
        location: "readonly",
        HTMLDialogElement: "readonly",
      },
    },
  },
  {
    files: ["src/cli/**", "bench/**", "chaos/**", "src/main.ts"],
    rules: { "no-console": "off" },
  },
);
