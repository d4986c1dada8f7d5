// Bundles dist/ (tsc's output) and the dependencies into dist/bundle/, which
// bin/ runs. Loading ~200 small ESM files (execa alone is ~90 ms of resolving
// and compiling) was most of the time before go started; a bundle loads in a
// fraction of that. Dynamic imports stay separate chunks, so what only some
// commands need (probes, undici, ora, the renderers) still loads lazily.
import { rm } from "node:fs/promises";
import { build } from "rolldown";

const out = new URL("../dist/bundle/", import.meta.url).pathname;
await rm(out, { recursive: true, force: true });
await build({
  input: { "gomod-doctor": new URL("../dist/entry.js", import.meta.url).pathname },
  platform: "node",
  logLevel: "warn",
  output: { dir: out, format: "esm", entryFileNames: "[name].js", chunkFileNames: "[name]-[hash].js", sourcemap: false },
});
