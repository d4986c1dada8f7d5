// GMD308: a module's go.mod declares another path than the one it was
// required as (`parsing go.mod: module declares its path as: X but was
// required as: Y`). Not a network fault, but what a download ends on when a
// module moved (github.com/marten-seemann/qpack -> github.com/quic-go/qpack),
// declares a bare name (`module milter`), or is required with another case
// (github.com/Sirupsen/logrus). modload/modfile.go prints it.
import type { Finding } from "../report/schema.js";
import { failingSeverity, makeFinding } from "./fixes.js";
import { badPathLine } from "./bad-path.js";
import { hostLooksPrivate, moduleHost } from "./hosts.js";
import { isStdlibPath } from "./stdlib-import.js";
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

/** go1.11-1.12's wording of the same: `MOD@VER: parsing go.mod: unexpected module path "DECLARED"`. */
const OLD_MISMATCH = /([^\s@:"]+)@([^\s@:"]+): parsing go\.mod: unexpected module path "([^"\s]+)"/;

interface Mismatch {
  required: string;
  declared: string;
  version?: string;
  /** The query the user gave go get for this very module (`MOD@upgrade (v1.0.0) requires MOD@v1.0.0`): it asked for the old path itself. */
  query?: string;
  text: string;
}

/** `MOD@QUERY (VER) requires MOD@VER: ...` with the same MOD: go get's own target, not a dependency, fails. */
const SELF_QUERY = /^(?:go(?: get)?: )?([^\s@:"]+)@([^\s@:"()]+) \([^)]*\) requires ([^\s@:"]+)@/;

function mismatches(e: Evidence): Mismatch[] {
  const out = new Map<string, Mismatch>();
  for (const err of e.trace?.errors ?? []) {
    const lines = [err.message, ...err.details];
    const old = MISMATCH.test(lines.join("\n")) ? null : OLD_MISMATCH.exec(lines.join("\n"));
    // Read as the newer wording's groups: MOD, VER, DECLARED, REQUIRED.
    const m = old ? [old[0], old[1], old[2], old[3], old[1]] : MISMATCH.exec(lines.join("\n"));
    if (!m) continue;
    const required = m[4]!;
    const version = m[2] ?? (err.module === required ? err.version : undefined);
    if (out.has(required)) continue;
    const from = lines.findIndex((l) => l.includes("parsing go.mod") || l.includes("module declares"));
    const text = lines.slice(Math.max(0, from), from + 3).map((l) => l.trim()).join(" ");
    const self = SELF_QUERY.exec(err.message.trim());
    const query = self && self[1] === required && self[3] === required ? self[2] : undefined;
    out.set(required, { required, declared: m[3]!, ...(version ? { version } : {}), ...(query ? { query } : {}), text });
  }
  return [...out.values()];
}

function findings(e: Evidence): Finding[] {
  return mismatches(e).map((m) => {
    const caseOnly = m.declared.toLowerCase() === m.required.toLowerCase();
    // A declared path without a dot in its first element is no importable path: the module's author must fix it.
    const bare = !m.declared.split("/")[0]!.includes(".");
    const at = m.version ? `@${m.version}` : "";
    // A private host's copy (fork, mirror) of a public module keeps its upstream's module line:
    // go takes it only under the declared path, through a replace (the replacement may declare the replaced path).
    const copy = !caseOnly && !bare && m.version !== undefined && hostLooksPrivate(moduleHost(m.required)) && !hostLooksPrivate(moduleHost(m.declared));
    const why = copy
      ? `${m.required}${at} declares itself as ${m.declared}: it looks like a copy of ${m.declared} on ${moduleHost(m.required)} (a fork or a mirror keeps its upstream's module line), ` +
        `and the go command accepts a module only under the path it declares. Require it as ${m.declared} and replace that with the copy; ` +
        `or, if ${m.declared} moved to ${m.required}, its go.mod must say so.`
      : caseOnly
      ? `${m.required} is written with other letter case than the module declares (${m.declared}); module paths are case-sensitive.`
      : bare
        ? `${m.required}${at} declares the bare name \`${m.declared}\` in its go.mod, which no other module can require: its author has to fix the module line.`
        : `${m.required} moved: ${m.required}${at} declares itself as ${m.declared}. Something still requires or imports the old path.`;
    const fixes = [
      ...(copy
        ? [
            {
              summary: `If ${m.required} is your copy of ${m.declared}: require and import ${m.declared}, and replace it with the copy`,
              commands: [
                `go mod edit -droprequire=${m.required} -require=${m.declared}${at} -replace=${m.declared}=${m.required}${at}`,
                `grep -rn '"${m.required}' --include='*.go' .`,
                "go mod tidy",
              ],
              caution: `Change the imports grep lists to ${m.declared}. Dependencies that import ${m.declared} get the copy too: the replace applies to the whole build.`,
            },
          ]
        : []),
      // go get was asked for the old path itself: nothing else requires it, asking by the declared path is the fix.
      ...(m.query && !bare
        ? [{ summary: `Ask go get for the path the module declares, ${m.declared}, and import it by that path`, commands: [`go get ${m.declared}${m.query === "upgrade" ? "" : `@${m.query}`}`] }]
        : [{ summary: `See which requirement brings in ${m.required}`, commands: [`go mod why -m ${m.required}`, `go mod graph | grep '${m.required}@'`] }]),
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

/** `PKG: malformed module path "PATH": missing dot in first path element`, at the end of an import chain. */
const MISSING_DOT = /^(\S+): malformed module path "([^"]+)": missing dot in first path element/;

/**
 * A package imported by a bare path (no dot in its first element): go looks
 * for a module by that name and no such path can be downloaded. When the
 * importer is a dependency, its go.mod declares a bare name and its packages
 * import each other by it (the `module milter` case, seen from the import side).
 */
function bareImports(e: Evidence): Finding[] {
  const out: Finding[] = [];
  for (const err of e.trace?.errors ?? []) {
    const lines = [err.message, ...err.details].map((l) => l.trim().replace(/^go: /, ""));
    const at = lines.findIndex((l) => MISSING_DOT.test(l));
    if (at < 0) continue;
    const imported = MISSING_DOT.exec(lines[at]!)![1]!;
    // `go: NAME@latest: malformed module path "NAME"`: a command-line argument, not an import (bad-path.ts).
    // A standard library path is no dependency's bare name: the go that ran lacks it (stdlib-import.ts).
    if (imported.includes("@") || badPathLine(lines[at]!) || isStdlibPath(MISSING_DOT.exec(lines[at]!)![2]!)) continue;
    if (out.some((f) => f.evidence.some((x) => x.includes(`"${imported}"`)))) continue;
    const importer = at > 0 ? lines[at - 1]!.replace(/ (?:imports|tested by)$/, "") : undefined;
    // The chain's head is the main module's package: the import is in this project's own code.
    const dependency = importer !== undefined && at > 1 && importer.split("/")[0]!.includes(".");
    out.push(
      makeFinding(MODULE_PATH_MISMATCH, {
        title: dependency ? `${importer} imports the bare path ${imported}` : `A package imports the bare path ${imported}, which no module can provide`,
        severity: failingSeverity(e),
        confidence: dependency ? 0.8 : 0.7,
        why: dependency
          ? `${importer} imports \`${imported}\`, a path whose first element has no dot, so the go command cannot download it from anywhere. ` +
            `Its go.mod most likely declares the bare name \`module ${imported.split("/")[0]}\` and its packages import each other by it: only its author can fix that ` +
            "(declare the full path and import by it)."
          : `${importer ?? "A package"} imports \`${imported}\`, a path whose first element has no dot: it is neither in the standard library nor in this module, ` +
            "and no module can be downloaded by such a name. A GOPATH-era import, a typo, or a package of this module imported without the module path.",
        evidence: [lines.slice(Math.max(0, at - 1), at + 1).join(" ")],
        modules: dependency ? [importer.split("/").slice(0, 3).join("/")] : [],
        fixes: dependency
          ? [
              {
                summary: `Pin a version of the dependency that imports by its full path (or use a fork that does)`,
                commands: [`go list -m -versions ${importer.split("/").slice(0, 3).join("/")}`, `go mod why ${importer}`],
              },
            ]
          : [{ summary: `Find the import and write it with the module path (go.mod's module line) in front`, commands: [`grep -rn '"${imported}' --include='*.go' .`, "go list -m"] }],
      }),
    );
  }
  return out;
}

export const modulePathFamily: RuleFamily = {
  family: "module-path",
  causes: [MODULE_PATH_MISMATCH],
  evaluate: (e) => [...findings(e), ...bareImports(e)],
};
