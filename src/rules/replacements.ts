// A finding about a module that go.mod's `replace` put in place of another:
// go fetched (and the trace shows) only the replacement, while the user looks
// for the module they required. The finding quotes the replace line.
import type { Finding } from "../report/schema.js";
import type { Replacement } from "../context/types.js";
import type { Evidence } from "./types.js";

/** A replace as written, with the file it is in: `go.mod: replace A v1 => B v2` (or `go.work: ...`). */
export function replaceDirective(r: Replacement): string {
  return `${r.file ?? "go.mod"}: replace ${r.oldPath}${r.oldVersion ? ` ${r.oldVersion}` : ""} => ${r.newPath}${r.newVersion ? ` ${r.newVersion}` : ""}`;
}

export function withReplacements(findings: Finding[], e: Evidence): Finding[] {
  const replaced = (e.ctx?.mod.replace ?? []).filter((r) => !r.local);
  if (replaced.length === 0) return findings;
  return findings.map((f) => {
    const lines = replaced
      .filter((r) => f.modules?.includes(r.newPath))
      .map(replaceDirective)
      // A finding about the replace itself quotes it already.
      .filter((l) => !f.evidence.includes(l));
    return lines.length > 0 ? { ...f, evidence: [...f.evidence, ...lines] } : f;
  });
}
