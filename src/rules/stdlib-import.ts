// GMD512: a standard library package looked up as a module (`cannot load
// embed: malformed module path "embed": missing dot in first path element`).
// go resolves a path without a dot in its first element only in GOROOT/src;
// when the package is not there, the go that ran is older than the package
// (embed came with go1.16, slices with go1.21) or GOROOT points at another
// tree than the go binary's. No download, proxy or network is involved.
import type { Finding } from "../report/schema.js";
import { failingSeverity, makeFinding } from "./fixes.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

export const STDLIB_AS_MODULE: CauseInfo = {
  code: "GMD512",
  name: "stdlib-as-module",
  title: "A standard library package is looked up as a module: the go that ran is too old for it, or GOROOT is wrong",
  explain:
    "The go command finds a package whose path has no dot in its first element (embed, slices, crypto) in its own source tree, GOROOT/src. " +
    "When that tree lacks it, go treats the path as a module and fails with `malformed module path \"embed\": missing dot in first path element`. " +
    "Either the go that ran is older than the package (embed and io/fs came with go1.16, slices, maps and log/slog with go1.21, iter with go1.23): " +
    "a build tool, editor or Makefile runs another go than the one on your shell's PATH; or GOROOT is set to another installation's tree " +
    "(left over after an upgrade). No proxy or network setting changes this: run a new enough go, and unset GOROOT.",
};

/** Standard library packages newer than go1.15, with the release that added them. */
const ADDED_IN: Record<string, string> = {
  embed: "go1.16",
  "io/fs": "go1.16",
  "testing/fstest": "go1.16",
  "runtime/metrics": "go1.16",
  "net/netip": "go1.18",
  "debug/buildinfo": "go1.18",
  "crypto/ecdh": "go1.20",
  slices: "go1.21",
  maps: "go1.21",
  cmp: "go1.21",
  "log/slog": "go1.21",
  "testing/slogtest": "go1.21",
  "math/rand/v2": "go1.22",
  "go/version": "go1.22",
  iter: "go1.23",
  unique: "go1.23",
  structs: "go1.23",
  weak: "go1.24",
  "crypto/hkdf": "go1.24",
  "crypto/pbkdf2": "go1.24",
  "crypto/sha3": "go1.24",
  "crypto/mlkem": "go1.24",
};

/** First elements of the standard library's packages (go1.15's tree, plus the new top-level ones above). */
const STD_ROOTS = new Set([
  "archive", "bufio", "builtin", "bytes", "compress", "container", "context", "crypto", "database", "debug", "encoding", "errors", "expvar",
  "flag", "fmt", "go", "hash", "html", "image", "index", "io", "log", "math", "mime", "net", "os", "path", "plugin", "reflect", "regexp",
  "runtime", "sort", "strconv", "strings", "sync", "syscall", "testing", "text", "time", "unicode", "unsafe",
  "embed", "slices", "maps", "cmp", "iter", "unique", "structs", "weak",
]);

/** The release that added PATH (or the package above it, for a subpackage), if it is newer than go1.15. */
function addedIn(path: string): string | undefined {
  for (let p = path; p.length > 0; p = p.slice(0, Math.max(0, p.lastIndexOf("/")))) {
    if (ADDED_IN[p]) return ADDED_IN[p];
    if (!p.includes("/")) break;
  }
  return undefined;
}

/** `malformed module path "PATH": missing dot in first path element` for a path of the standard library. */
const MISSING_DOT = /malformed module path "([^"\s]+)": missing dot in first path element/;

/** A path the standard library has: its first element is one of the library's. */
export function isStdlibPath(path: string): boolean {
  return STD_ROOTS.has(path.split("/")[0]!);
}

function stdlibAsModule(e: Evidence): Finding[] {
  const hits: { path: string; line: string }[] = [];
  for (const err of e.trace?.errors ?? []) {
    for (const line of [err.message, ...err.details]) {
      const m = MISSING_DOT.exec(line);
      if (m && isStdlibPath(m[1]!) && !hits.some((h) => h.path === m[1])) hits.push({ path: m[1]!, line: line.trim() });
    }
  }
  if (hits.length === 0) return [];
  // The newest release any of them needs: the go that ran is older than that.
  const needs = hits.map((h) => addedIn(h.path)).filter((v): v is string => v !== undefined).sort((a, b) => Number(a.slice(4)) - Number(b.slice(4))).pop();
  const first = hits.find((h) => addedIn(h.path) === needs) ?? hits[0]!;
  const which = e.os === "windows" ? "where.exe go" : "which -a go";
  return [
    makeFinding(STDLIB_AS_MODULE, {
      title: needs
        ? `The standard library package ${first.path} (${needs} and newer) is looked up as a module: the go that ran is older than ${needs}`
        : `The standard library package ${first.path} is looked up as a module: GOROOT points at a tree without it`,
      severity: failingSeverity(e),
      confidence: 0.85,
      why:
        `go looks for \`${first.path}\` in its own source tree (GOROOT/src) and, not finding it there, treats it as a module path, which has no dot and so cannot be downloaded. ` +
        (needs
          ? `${first.path} came with ${needs}: the go that ran is older (a Makefile, build image or editor may run another go than your shell's), or GOROOT points at an older installation.`
          : "It is in every release, so GOROOT names another directory than the go installation's (an old or partial tree, left set after an upgrade)."),
      evidence: hits.map((h) => h.line).slice(0, 3),
      fixes: [
        {
          summary: needs ? `See which go runs and where its tree is; install ${needs} or newer first on PATH` : "See which go runs and which tree it reads",
          commands: [which, "go version", "go env GOROOT"],
          caution: "A build tool or editor may run its own go: check the go it names, not only the one on your shell's PATH.",
        },
        {
          summary: "If GOROOT is set by hand, unset it: the go binary finds its own tree",
          commands: e.os === "windows" ? ["go env -u GOROOT", "Remove-Item Env:GOROOT"] : ["go env -u GOROOT", "unset GOROOT"],
        },
      ],
    }),
  ];
}

export const stdlibImportFamily: RuleFamily = {
  family: "stdlib-import",
  causes: [STDLIB_AS_MODULE],
  evaluate: stdlibAsModule,
};
