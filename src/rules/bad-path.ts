// GMD316: the path itself is wrong, not the network. A URL or a bare name
// given to go get/install (`go: malformed module path "https:/github.com/x/y":
// invalid char ':'`, module.CheckPath via modget), an argument that is no clean
// path (`argument must be a clean package path`, load/pkg.go), or an import the
// module found for it does not hold (`module M@latest found (v1.2.0), but does
// not contain package M/p`, modload.PackageNotInModuleError).
import type { Finding, Fix } from "../report/schema.js";
import { failingSeverity, makeFinding } from "./fixes.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

export const BAD_MODULE_PATH: CauseInfo = {
  code: "GMD316",
  name: "bad-module-path",
  title: "The path given to the go command (or imported) is not one a module provides",
  explain:
    "go get, go install and imports take module and package paths such as github.com/owner/repo/pkg: no scheme, no `.git`, and a host " +
    "name (with a dot) as the first element. A URL pasted from the browser (`https://github.com/owner/repo`, which go cleans to " +
    "`https:/github.com/...` and rejects as `malformed module path ... invalid char ':'`), or a bare name (`missing dot in first path element`), " +
    "is refused before any download. When the module exists but the version go found holds no such package (`found (v1.2.0), but does not " +
    "contain package`), the package path is misspelled, was moved or removed, or lives in another module (a /vN path, a separate repository). " +
    "No proxy, network or credential setting changes any of this: write the path as the module declares it.",
};

/**
 * go get/install's own argument check: `go: PATH: malformed module path "P": R` (go1.17+, `go: P@Q: ...` for go install),
 * `go get: malformed module path ...` (go1.16), `go get ARG: malformed module path ...` (go1.15 and older).
 * An import chain's `PKG: malformed module path` is module-path.ts's: its head is a package, not a command.
 */
const ARG_MALFORMED = /^(?:go(?: (get|install|run))?(?: -\S+)*(?: ((?:[a-z][a-z0-9+.-]*:\/\/?)?[^\s:]+))?: )?(?:([^\s:"]+)@([^\s:"]+): )?malformed module path "([^"]+)": (.+)$/;
/** load/pkg.go: `go: ARG: argument must be a clean package path` (go install/run of `https://host/x@v`). */
const NOT_CLEAN = /^(?:go(?: (get|install|run))?: )?(\S+): argument must be a clean package path/;
/** modload.PackageNotInModuleError, outside the main module: `module M@Q found (V), but does not contain package P`. */
const NOT_IN_MODULE = /module (\S+?)@(\S+) found(?: \(([^),]+)(?:, replaced by [^)]+)?\))?, but does not contain package(?:s matching)? (\S+)/;

interface BadArg {
  /** The path as go printed it. */
  path: string;
  query?: string;
  verb: string;
  reason: string;
  line: string;
}

/** The lines of go's errors, decorations already stripped by the parser. */
function errorLines(e: Evidence): string[] {
  return (e.trace?.errors ?? []).flatMap((err) => [err.message, ...err.details].map((l) => l.trim()));
}

function badArgs(e: Evidence): BadArg[] {
  const out: BadArg[] = [];
  for (const line of errorLines(e)) {
    const m = ARG_MALFORMED.exec(line);
    if (m) {
      // `go get X: malformed module path "X"`: ARG names the path itself; anything else before it is an import chain's package.
      if (m[2] !== undefined && m[2] !== m[5] && m[2].replace(/@.*/, "") !== m[5]) continue;
      if (m[3] !== undefined && m[3] !== m[5]) continue;
      out.push({ path: m[5]!, ...(m[4] ? { query: m[4] } : {}), verb: m[1] ?? (m[4] ? "install" : "get"), reason: m[6]!, line });
      continue;
    }
    const c = NOT_CLEAN.exec(line);
    if (c) {
      const [path, query] = c[2]!.split("@") as [string, string | undefined];
      out.push({ path, ...(query ? { query } : {}), verb: c[1] ?? "install", reason: "argument must be a clean package path", line });
    }
  }
  return out.filter((a, i) => out.findIndex((b) => b.path === a.path) === i);
}

/** Whether an error line is go rejecting a command-line path: GMD316's, not a module that does not exist. */
export function badPathLine(text: string): boolean {
  return text.split("\n").some((l) => {
    const t = l.trim();
    const m = ARG_MALFORMED.exec(t);
    if (m) return (m[2] === undefined || m[2].replace(/@.*/, "") === m[5]) && (m[3] === undefined || m[3] === m[5]);
    return NOT_CLEAN.test(t) || NOT_IN_MODULE.test(t);
  });
}

/** The module path a pasted URL stands for: no scheme, no user, no `.git`, no trailing slash; undefined when it is no URL. */
export function pathFromUrl(arg: string): string | undefined {
  // go cleans `https://` to `https:/` before it checks the path.
  const m = /^(?:[a-z][a-z0-9+.-]*:\/\/?|git@([^:/]+):)(.*)$/i.exec(arg);
  if (!m) return undefined;
  const rest = m[1] ? `${m[1]}/${m[2]}` : m[2]!;
  const path = rest.replace(/^[^@/]+@/, "").replace(/\/+$/, "").replace(/\.git$/, "");
  return path.includes(".") && path.includes("/") ? path : undefined;
}

function argFinding(e: Evidence, a: BadArg): Finding {
  const fixed = pathFromUrl(a.path);
  const bare = !fixed && /missing dot in first path element/.test(a.reason);
  const at = a.query ? `@${a.query}` : "";
  const fixes: Fix[] = fixed
    ? [{ summary: `Give go ${a.verb} the module path, without the scheme${/\.git\/?$/.test(a.path) ? " and `.git`" : ""}`, commands: [`go ${a.verb} ${fixed}${at}`] }]
    : bare
      ? [
          {
            summary: `Find the module's full path (it starts with its host, such as github.com/OWNER/${a.path}) in its README or at https://pkg.go.dev/search?q=${encodeURIComponent(a.path)}, then ask for that`,
            commands: [`go ${a.verb} <HOST>/<OWNER>/${a.path}${at}`],
            caution: "A bare name is only valid for packages of the standard library and of this module (go.mod's module line in front).",
          },
        ]
      : [{ summary: "Write the path as the module declares it (its go.mod's module line)", commands: [`go ${a.verb} <MODULE PATH>${at}`] }];
  return makeFinding(BAD_MODULE_PATH, {
    title: fixed
      ? `go ${a.verb} was given a URL, not a module path: ${a.path.replace(/^([a-z][a-z0-9+.-]*):\/(?!\/)/i, "$1://")}`
      : bare
        ? `go ${a.verb} was given the bare name ${a.path}, not a module path`
        : `go ${a.verb} was given ${a.path}, which is not a valid module path`,
    severity: failingSeverity(e),
    confidence: 0.9,
    why: fixed
      ? `A module path is written without a scheme or \`.git\`: go took ${a.path} as the path itself and rejected it (${a.reason}) before any download. The module is ${fixed}.`
      : bare
        ? `A module path starts with a host name (a first element with a dot); \`${a.path}\` has none, so go cannot download it from anywhere (${a.reason}). No network setting is involved.`
        : `go rejected the path before any download: ${a.reason}.`,
    evidence: [a.line],
    modules: fixed ? [fixed] : [],
    fixes,
  });
}

function notInModule(e: Evidence): Finding[] {
  const out: Finding[] = [];
  for (const line of errorLines(e)) {
    const m = NOT_IN_MODULE.exec(line);
    if (!m) continue;
    const [module, query, found, pkg] = [m[1]!, m[2]!, m[3] ?? m[2]!, m[4]!];
    if (out.some((f) => f.modules?.includes(module))) continue;
    const same = pkg === module;
    out.push(
      makeFinding(BAD_MODULE_PATH, {
        title: `${module}@${found} has no package ${pkg}`,
        severity: failingSeverity(e),
        confidence: 0.85,
        why:
          `${module} exists and go found ${found} for ${query}, but that version holds no package ${pkg}` +
          (same ? " (its root directory has no Go files)" : "") +
          ": the import path is misspelled, the package moved or was removed in that version, or it lives in another module (a /vN major-version path, or a separate repository such as one for generated Go bindings). The download itself worked.",
        evidence: [line],
        modules: [module],
        fixes: [
          {
            summary: `See which packages ${module}@${found} has (the Dir go prints holds its files), and fix the import path`,
            commands: [`go mod download -json ${module}@${found}`, `grep -rn '"${pkg}' --include='*.go' .`],
          },
          { summary: "Or require a version that still has the package", commands: [`go list -m -versions ${module}`, `go get ${pkg}@<VERSION>`] },
        ],
      }),
    );
  }
  return out;
}

export const badPathFamily: RuleFamily = {
  family: "bad-path",
  causes: [BAD_MODULE_PATH],
  evaluate: (e) => [...badArgs(e).map((a) => argFinding(e, a)), ...notInModule(e)],
};
