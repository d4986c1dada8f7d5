// The static list of causes: what `explain CODE` prints and what the JSON
// report's codes mean.
import { RULE_FAMILIES } from "./registry.js";
import type { CauseInfo } from "./types.js";

export interface CatalogueEntry extends CauseInfo {
  family: string;
}

/** Every cause, ordered by code. */
export function allCauses(): CatalogueEntry[] {
  return RULE_FAMILIES.flatMap((f) => f.causes.map((c) => ({ ...c, family: f.family }))).sort((a, b) => a.code.localeCompare(b.code));
}

/** A cause by code (`GMD101`, case-insensitive) or by name (`proxy-dns`). */
export function findCause(codeOrName: string): CatalogueEntry | undefined {
  const key = codeOrName.trim().toLowerCase();
  return allCauses().find((c) => c.code.toLowerCase() === key || c.name === key);
}
