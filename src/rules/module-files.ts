// GMD317: a module version holds a file whose name the go command refuses, so
// its zip cannot be made or unpacked: `create zip: P: malformed file path "P":
// invalid path element "..."` (golang.org/x/mod/zip, go1.16+, in direct mode or
// quoted from a proxy's own fetch), or go1.11-1.15's `unzip ZIP: malformed
// file path "P": double dot` (older go also refused `..` inside a name).
import type { Finding, Fix } from "../report/schema.js";
import { unescapeModulePath } from "../util/modpath.js";
import { failingSeverity, makeFinding } from "./fixes.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

export const MODULE_FILES_INVALID: CauseInfo = {
  code: "GMD317",
  name: "module-files-invalid",
  title: "A module version holds a file name the go command refuses",
  explain:
    "A module zip may only hold file names that are valid on every system (module.CheckFilePath: no `:`, `\\`, `*`, `?`, `<`, `>`, `|`, " +
    "quotes or backticks, no element made only of dots, no names Windows reserves) and no two names that differ only in letter case. " +
    "When a version's tree has such a file the go command refuses to create or unpack its zip (`create zip: ... malformed file path`, " +
    "`unzip ...: malformed file path`), wherever it came from: no proxy or network setting helps. Use a version without the file (its " +
    "authors usually remove it in the next release), or a fork without it through a replace. Go 1.13 and older also refused `..` inside a " +
    "name (`double dot`), which current go accepts: there, upgrading go is the fix.",
};

/** `unzip ZIP: malformed file path "P": R` (go1.11-1.15) or `create zip: [P: ]malformed file path "P": R` (x/mod/zip). */
const MALFORMED = /(?:unzip (\S+?\.zip)|create zip(?: from (?:directory|version control system) \S+)?): (?:[^"\n]*?: )?malformed file path "([^"]*)": ([^\n]+)/;
/** x/mod/zip's case collision: `create zip: case-insensitive file name collision: "A" and "a"`. */
const COLLISION = /create zip: case-insensitive file name collision: ("[^"]*" and "[^"]*")/;
/** `.../cache/download/MOD/@v/VER.zip`: the module and version a zip in the module cache is. */
const CACHE_ZIP = /\/cache\/download\/(.+)\/@v\/([^/]+)\.zip$/;

/** Whether a text is go (or a proxy's quoted fetch) refusing a module's file names: GMD317's, not a missing version. */
export function moduleFilesText(text: string): boolean {
  return MALFORMED.test(text) || COLLISION.test(text);
}

interface Broken {
  module?: string;
  version?: string;
  file: string;
  reason: string;
  line: string;
}

function brokenZips(e: Evidence): Broken[] {
  const out: Broken[] = [];
  for (const err of e.trace?.errors ?? []) {
    const lines = [err.message, ...err.details].map((l) => l.trim());
    for (const line of lines) {
      const m = MALFORMED.exec(line);
      const c = m ? undefined : COLLISION.exec(line);
      if (!m && !c) continue;
      const cached = m?.[1] ? CACHE_ZIP.exec(m[1].replace(/\\/g, "/")) : undefined;
      const module = cached ? unescapeModulePath(cached[1]!) : err.module ?? /^(?:go(?: [a-z]+)?: )?([^\s@:"]+)(?:@([^\s@:"]+))?: create zip/.exec(line)?.[1];
      const version = cached ? cached[2] : err.version ?? /^(?:go(?: [a-z]+)?: )?[^\s@:"]+@([^\s@:"]+): create zip/.exec(line)?.[1];
      const file = m ? m[2]! : c![1]!;
      // `go: downloading M V` named the version the error leaves out.
      const downloaded = version ?? (module ? (e.trace?.modules ?? []).find((x) => x.path === module)?.version : undefined);
      if (out.some((b) => b.module === module && b.file === file)) continue;
      out.push({ ...(module ? { module } : {}), ...(downloaded ? { version: downloaded } : {}), file, reason: m ? m[3]!.trim() : "case-insensitive file name collision", line });
    }
  }
  return out;
}

function finding(e: Evidence, b: Broken): Finding {
  const doubleDot = b.reason === "double dot";
  const at = b.version ? `@${b.version}` : "";
  const who = b.module ? `${b.module}${at}` : "A module";
  const fixes: Fix[] = doubleDot
    ? [
        {
          summary: "Upgrade go (go 1.13 and older refuse `..` inside a file name), then fetch the same version again",
          commands: ["go version", ...(b.module ? [`go get ${b.module}${at}`] : [])],
        },
      ]
    : [];
  if (b.module) {
    fixes.push({
      summary: `Use a version of ${b.module} without the file (its authors usually remove it in the next release)`,
      commands: [`go list -m -versions ${b.module}`, `go get ${b.module}@<VERSION>`],
      caution: "If no version works, a fork without the file through `go mod edit -replace` does; tell the module's authors.",
    });
  }
  return makeFinding(MODULE_FILES_INVALID, {
    title: b.module ? `${who} holds a file the go command refuses: ${b.file}` : `A module version holds a file the go command refuses: ${b.file}`,
    severity: failingSeverity(e),
    confidence: 0.9,
    why:
      `${who} has the file "${b.file}" (${b.reason})` +
      (doubleDot
        ? ": this go (1.13 or older) refuses `..` inside a file name, which current go accepts. The module is fine; the go version is too old."
        : ": a module zip may only hold names valid on every system, so go will not create or unpack this version's zip, from any proxy or repository. Only another version (or a fork) helps."),
    evidence: [b.line],
    ...(b.module ? { modules: [b.module] } : {}),
    fixes,
  });
}

export const moduleFilesFamily: RuleFamily = {
  family: "module-files",
  causes: [MODULE_FILES_INVALID],
  evaluate: (e) => brokenZips(e).map((b) => finding(e, b)),
};
