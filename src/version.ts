// The tool's version, read from the package.json above this file: one level
// up from src/ and dist/, two from the bundle in dist/bundle/.
import { readFileSync } from "node:fs";

let cached: string | undefined;

export function toolVersion(): string {
  if (cached) return cached;
  cached = "0.0.0";
  for (const candidate of ["../package.json", "../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(candidate, import.meta.url), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "gomod-doctor" && pkg.version) {
        cached = pkg.version;
        break;
      }
    } catch {
      // not there: the next candidate
    }
  }
  return cached;
}
