// GMD308: a module's go.mod declares another path than the one it was
// required as (`parsing go.mod: module declares its path as: X but was
// required as: Y`). Not a network fault, but what a download ends on when a
// module moved (github.com/marten-seemann/qpack -> github.com/quic-go/qpack),
// declares a bare name (`module milter`), or is required with another case
// (github.com/Sirupsen/logrus). modload/modfile.go prints it.
import type { Finding } from "../report/schema.js";
import { failingSeverity, makeFinding } from "./fixes.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

export const MODULE_PATH_MISMATCH: CauseInfo = {
  code: "GMD308",
  name: "module-path-mismatch",
  title: "A module declares a different path than the one it is required as",
  explain:
    "The go command read a module's go.mod and found that its `module` line names another path than the one go.mod (or an import) " +
    "required it as. The module moved to a new path (its old path's newer versions declare the new one), its author declared a bare " +
    "name such as `module milter`, or the path is written with other letter case (github.com/Sirupsen/logrus vs github.com/sirupsen/logrus). " +
    "No proxy or network setting changes this: require and import the declared path, pin a version from before the move, or replace " +
    "the old path with the new one. `go mod why -m` tells which requirement brings the old path in.",
};

/** `MOD@VER: parsing go.mod:` ... `module declares its path as: DECLARED` ... `but was required as: REQUIRED`. */
const MISMATCH = /(?:(\S+)@(\S+): parsing go\.mod:\s+)?module declares its path as: (\S+)\s+but was required as: (\S+)/;

interface Mismatch {
  required: string;
  declared: string;
  version?: string;
  text: string;
}

function mismatches(e: Evidence): Mismatch[] {
  const out = new Map<string, Mismatch>();
  for (const err of e.trace?.errors ?? []) {
    const lines = [err.message, ...err.details];
    const m = MISMATCH.exec(lines.join("\n"));
    if (!m) continue;
    const required = m[4]!;
    const version = m[2] ?? (err.module === required ? err.version : undefined);
    if (out.has(required)) continue;
    const from = lines.findIndex((l) => l.includes("parsing go.mod") || l.includes("module declares"));
    const text = lines.slice(Math.max(0, from), from + 3).map((l) => l.trim()).join(" ");
    out.set(required, { required, declared: m[3]!, ...(version ? { version } : {}), text });
  }
  return [...out.values()];
}

function findings(e: Evidence): Finding[] {
  return mismatches(e).map((m) => {
    const caseOnly = m.declared.toLowerCase() === m.required.toLowerCase();
    // A declared path without a dot in its first element is no importable path: the module's author must fix it.
    const bare = !m.declared.split("/")[0]!.includes(".");
    const at = m.version ? `@${m.version}` : "";
    const why = caseOnly
      ? `${m.required} is written with other letter case than the module declares (${m.declared}); module paths are case-sensitive.`
      : bare
        ? `${m.required}${at} declares the bare name \`${m.declared}\` in its go.mod, which no other module can require: its author has to fix the module line.`
        : `${m.required} moved: ${m.required}${at} declares itself as ${m.declared}. Something still requires or imports the old path.`;
    const fixes = [
      { summary: `See which requirement brings in ${m.required}`, commands: [`go mod why -m ${m.required}`, `go mod graph | grep '${m.required}@'`] },
      bare
        ? {
            summary: `Pin a version of ${m.required} whose go.mod declares its full path (or a fork that does)`,
            commands: [`go list -m -versions ${m.required}`, `go get ${m.required}@<a version that works>`],
          }
        : {
            summary: `Use the declared path: change the imports and the requirement to ${m.declared}, or point the old path at it`,
            commands: [`grep -rn '"${m.required}' --include='*.go' .`, `go mod edit -replace ${m.required}=${m.declared}${at}`, "go mod tidy"],
            caution: "A replace only helps this module; a dependency that imports the old path needs a newer version of that dependency.",
          },
    ];
    return makeFinding(MODULE_PATH_MISMATCH, {
      title: `${m.required}${at} declares its path as ${m.declared}`,
      severity: failingSeverity(e),
      confidence: 0.9,
      why,
      evidence: [m.text],
      modules: [m.required],
      fixes,
    });
  });
}

export const modulePathFamily: RuleFamily = {
  family: "module-path",
  causes: [MODULE_PATH_MISMATCH],
  evaluate: findings,
};
