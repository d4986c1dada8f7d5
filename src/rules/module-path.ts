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
    "the old path with the new one. `go mod why -m` tells which requirement brings the old path in. The same holds when a version's " +
    "major and the path's /vN suffix disagree (`go.mod has post-v2 module path \"M/v2\"`, `has non-.../v2 module path`, go1.13's " +
    "`major version must be compatible`): from v2 up a module's path ends in its major version, so ask for the path its go.mod declares.",
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

/**
 * The version's major and the module path's `/vN` suffix disagree (modfetch/coderepo.go): `go.mod has post-v2 module
 * path "M/v2" at revision R` (the go.mod declares a /vN path, the version was asked for without it, or is below vN),
 * `has non-.../v2 module path "M"` (asked for M/v2, its go.mod never got the suffix), `has malformed module path
 * "M/v1"`, and go1.13-1.15's `module contains a go.mod file, so major version must be compatible: should be v0 or v1,
 * not v2`.
 */
const POST_MAJOR = /has post-(v\d+) module path "([^"\s]+)"/;
const NON_MAJOR = /has non-\.\.\.[./](v\d+) module path "([^"\s]+)"/;
const MALFORMED_MAJOR = /has malformed module path "([^"\s]+)"/;
const MUST_BE_COMPATIBLE = /module contains a go\.mod file, so major version must be compatible: should be v0 or v1, not (v\d+)/;

/** Whether an error's text is one of those: a module whose path and version majors disagree, not a missing version. */
export function majorPathMismatchText(text: string): boolean {
  return POST_MAJOR.test(text) || NON_MAJOR.test(text) || MALFORMED_MAJOR.test(text) || MUST_BE_COMPATIBLE.test(text);
}

interface MajorMismatch {
  kind: "post" | "non" | "malformed" | "compatible";
  required: string;
  version: string;
  /** The path the module's go.mod declares (for `compatible`, the /vN path go1.13 wanted it asked as). */
  declared: string;
  text: string;
}

function majorMismatches(e: Evidence): MajorMismatch[] {
  const out = new Map<string, MajorMismatch>();
  for (const err of e.trace?.errors ?? []) {
    if (!err.module || !err.version) continue;
    const text = [err.message, ...err.details].map((l) => l.trim()).join(" ");
    const post = POST_MAJOR.exec(text);
    const non = post ? null : NON_MAJOR.exec(text);
    const malformed = post || non ? null : MALFORMED_MAJOR.exec(text);
    const compatible = post || non || malformed ? null : MUST_BE_COMPATIBLE.exec(text);
    const m: MajorMismatch | undefined = post
      ? { kind: "post", required: err.module, version: err.version, declared: post[2]!, text }
      : non
        ? { kind: "non", required: err.module, version: err.version, declared: non[2]!, text }
        : malformed
          ? { kind: "malformed", required: err.module, version: err.version, declared: malformed[1]!, text }
          : compatible
            ? { kind: "compatible", required: err.module, version: err.version, declared: `${err.module}/${compatible[1]}`, text }
            : undefined;
    // One finding a module: the same request seen by two runs of two go versions says the same thing.
    if (m && !out.has(m.required)) out.set(m.required, m);
  }
  return [...out.values()];
}

/** `v2` of `v2.0.0-beta1`; `v0` of a pseudo-version v0.0.0-.... */
const majorOf = (version: string): string => /^v\d+/.exec(version)?.[0] ?? version;

function majorFindings(e: Evidence): Finding[] {
  return majorMismatches(e).map((m) => {
    const at = `${m.required}@${m.version}`;
    const suffix = /\/(v\d+)$/.exec(m.declared)?.[1];
    // The version's own major matches the declared /vN: only the path asked for lacks the suffix.
    const sameMajor = suffix !== undefined && suffix === majorOf(m.version);
    const common = {
      severity: failingSeverity(e),
      confidence: 0.9,
      evidence: [m.text],
      modules: [m.required],
    };
    if (m.kind === "malformed" || (m.kind === "post" && suffix === "v1")) {
      return makeFinding(MODULE_PATH_MISMATCH, {
        ...common,
        title: `${at} declares the malformed path ${m.declared}`,
        why:
          `${at}'s go.mod declares \`module ${m.declared}\`: a major-version suffix is only valid from /v2 up, so no version can be required by that path. ` +
          "Only the module's author can fix the module line; until then use another version.",
        fixes: [
          { summary: `Pin a version of ${m.required} whose go.mod declares ${m.required}`, commands: [`go list -m -versions ${m.required}`, `go get ${m.required}@<a version that works>`] },
          { summary: `See which requirement brings in ${at}`, commands: [`go mod why -m ${m.required}`, `go mod graph | grep '${m.required}@'`] },
        ],
      });
    }
    if (m.kind === "non") {
      return makeFinding(MODULE_PATH_MISMATCH, {
        ...common,
        title: `${at} declares its path as ${m.declared}, without the /${suffixOf(m.required)} suffix`,
        why:
          `${m.required} asks for a major-version path, but the go.mod at ${m.version} still declares \`module ${m.declared}\`: the author tagged ` +
          `${majorOf(m.version)} without adding the suffix to the module line, so the go command serves that version by neither path. ` +
          "Use a version tagged under the path the module declares, or one where the author fixed the module line.",
        fixes: [
          { summary: `List the versions of the path the module declares, and require one of those`, commands: [`go list -m -versions ${m.declared}`, `go get ${m.declared}@latest`] },
          { summary: `See which requirement brings in ${at}`, commands: [`go mod why -m ${m.required}`, `go mod graph | grep '${m.required}@'`] },
        ],
      });
    }
    const title = m.kind === "compatible" ? `${at} has a go.mod, so a ${majorOf(m.version)} version needs the path ${m.declared}` : `${at} declares its path as ${m.declared}`;
    const why =
      m.kind === "compatible"
        ? `${m.required} has a go.mod file, and the go command serves a ${majorOf(m.version)} version of a module with one only under a path ending in /${majorOf(m.version)}: ` +
          `ask for ${m.declared}@${m.version} (if its go.mod declares that path), or a v0/v1 version of ${m.required}.`
        : sameMajor
          ? `${at}'s go.mod declares \`module ${m.declared}\`: from v2 up a module's path ends in its major version, so this version exists only as ${m.declared}@${m.version}. ` +
            `The path asked for lacks the /${suffix} suffix.`
          : `${at}'s go.mod declares \`module ${m.declared}\`, but ${m.version} is no ${suffix ?? "matching"} version: a tag below ${suffix ?? "the path's major"} on a commit whose ` +
            `module line already names the new major. Require ${m.declared} at a ${suffix ?? "matching"} version instead.`;
    const wanted = sameMajor || m.kind === "compatible" ? `${m.declared}@${m.version}` : `${m.declared}@latest`;
    return makeFinding(MODULE_PATH_MISMATCH, {
      ...common,
      title,
      why,
      fixes: [
        {
          summary: `Ask for the major-version path ${m.declared} (go install ${wanted} for a tool), and import it by that path`,
          commands: [...(sameMajor || m.kind === "compatible" ? [] : [`go list -m -versions ${m.declared}`]), `go get ${wanted}`, `grep -rn '"${m.required}' --include='*.go' .`],
          caution: `Packages of ${m.declared} are imported as ${m.declared}/...: change the imports grep lists.`,
        },
        { summary: `See which requirement brings in ${at}`, commands: [`go mod why -m ${m.required}`, `go mod graph | grep '${m.required}@'`] },
      ],
    });
  });
}

/** `v2` of `example.com/m/v2`. */
const suffixOf = (path: string): string => /\/(v\d+)$/.exec(path)?.[1] ?? "vN";

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
  evaluate: (e) => [...findings(e), ...majorFindings(e), ...bareImports(e)],
};
