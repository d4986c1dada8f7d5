// The go command's own messages: `go: ...` lines, their tab-indented
// continuations, and the few unprefixed lines it prints (checksum SECURITY
// blocks, git help text). Formats: golang/go src/cmd/go/internal/modfetch/
// fetch.go (`go: downloading`, `verifying ...`, SECURITY ERROR), toolchain/
// select.go and switch.go, mvs/errors.go (`requires` chains), modload/load.go
// (`imports` chains), web/api.go (`reading URL: 404 ...\n\tserver response:`),
// modfetch/codehost/codehost.go (RunError: `CMD in DIR: exit status N:\n\t...`).
import type { Event, EventOf, GoNote } from "./events.js";

/** `MOD@VER` (version may carry `/go.mod`, and `(replaced by ...)` may follow). */
const AT = /^([^\s@:"()]+)@([^\s@:"()]+?)(?:\/go\.mod)?(?: \(replaced by [^)]*\))?(?=: | requires$| requires go |$)/;
/** `Q@latest (v1.2.0) requires MOD@VER: ...`: a query's result requires the failing module. */
const REQUIRES_INLINE = /^[^\s@:"]+@\S+(?: \([^)]*\))? requires ([^\s@:"()]+)@([^\s@:"()]+?)(?:\/go\.mod)?: /;
/** A bare line that starts with a module path (host name first) and a version: go before 1.16 printed errors so. */
const BARE_MODULE = /^[a-zA-Z0-9][a-zA-Z0-9-]*(?:\.[a-zA-Z0-9-]+)*\.[a-zA-Z]{2,}(?:\/[^\s@:"]*)?@[^\s@:"]+: /;
const MODULE = /^module ([^\s@:"]+): /;
const VERIFYING = /^verifying ([^\s@:"]+)@([^\s@:"]+?)(?:\/go\.mod)?: /;
/** A chain's head: go1.16's go get also starts one with `MOD@VER updating to` (modget: the upgrade, then what it requires). */
const CHAIN_HEAD = / (?:requires|imports|tested by|updating to)$/;
/**
 * The head of an import chain printed without `go: ` (modload's stackText:
 * `PKG imports` / `PKG tested by`, then tab-indented lines; App Engine and
 * other wrappers strip the prefix). A path with a dot or a slash.
 */
const BARE_CHAIN_HEAD = /^[a-zA-Z0-9][^\s@:"]*[./][^\s@:"]* (?:imports|tested by)$/;
/** The head of a requirement chain printed without `go: ` (mvs/errors.go: `MOD@VER requires`, tab-indented lines under it). */
const BARE_REQUIRES_HEAD = /^[a-zA-Z0-9][a-zA-Z0-9-]*(?:\.[a-zA-Z0-9-]+)*\.[a-zA-Z]{2,}(?:\/[^\s@:"]*)?@[^\s@:"]+ requires$/;
/** `PKG: no matching versions for query "latest"` (a package no module provides, older go). */
const QUERY_FAILED = /^([^\s@:"]+): no matching versions for query /;
const IMPORT_PATH = /^unrecognized import path "([^"\s]+)"/;
/** GOPATH mode's go get (go1.12 and older, or GO111MODULE=off): `package PKG: unrecognized import path "PKG" (https fetch: ...)`. */
const GOPATH_IMPORT_PATH = /^package [^\s:"]+: (?=unrecognized import path ")/;
/**
 * A console that wrapped that line: its `(https fetch: Get ...` rest, and
 * Windows' WSAETIMEDOUT text (`A connection attempt failed because ...`).
 */
const WRAPPED_FETCH_TAIL = /^\(https? fetch: |^A connection attempt failed because the connected party did not properly respond/;
/**
 * GOPATH mode's go get failing on the file system or in the VCS (go1.16 and older, GO111MODULE=off): `package PKG:
 * mkdir DIR: no space left on device`, `package PKG: exit status 128` (git's own lines above it).
 */
const GOPATH_PACKAGE_FAILED = /^package [^\s:"]+: (?:(?:mkdir|open|rename|remove|write|chmod|lstat|stat) \S.*: \S|exit status \d+$)/;
/**
 * `MOD@VER: checksum mismatch` ending a line whose head is not go's `verifying ` (a paste that lost the line's first
 * characters, `erifying MOD@VER: ...`, or another tool's label before it): fetch.go prints nothing else so.
 */
const CHECKSUM_MISMATCH_TAIL = /(?:^|\s)([a-zA-Z0-9][^\s@:"]*\.[^\s@:"]+)@(v[^\s@:"]+?)(?:\/go\.mod)?: checksum mismatch$/;
/** `PKG: ` ahead of `module MOD: ...` or `MOD@VER: ...` (go mod tidy, go build). */
const PACKAGE_PREFIX = /^[^\s@:"]+: (?=module |[^\s@:"]+@)/;

/** Progress and warnings, not errors (go get, go mod tidy, older go versions). */
const PROGRESS = /^(?:finding |found |added |upgraded |downgraded |removed |extracting |creating new go\.mod|copying requirements|warning: |module \S+ is deprecated|module \S+ has been retracted|\S+ upgrade => )/;

/** `warning: MOD@VER: retracted by module author[: REASON]` (modget/get.go, modload/modfile.go's ModuleRetractedError). */
const RETRACTED = /^warning: ([^\s@:"]+)@([^\s@:"]+): retracted by module author(?:: (.*))?$/;
/** The advice go get prints after retraction warnings; `\tgo get MOD@latest` follows. */
const RETRACTED_ADVICE = /^to switch to the latest unretracted version, run:$/;
/** `MOD VER (retracted)` (go list -m -u, -retracted), maybe with `[NEWER]` after it. */
const LISTED_RETRACTED = /^([^\s@:"]+) (v\S+) \(retracted\)(?: \[\S+\])?(?: => .*)?$/;

/** The warning a go line (without its `go: `) is, if it is one the rules read. */
function goNote(text: string): GoNote | undefined {
  if (!text.startsWith("warning: ") && !text.startsWith("to switch ")) return undefined;
  const retracted = RETRACTED.exec(text);
  if (retracted) return { kind: "retracted", module: retracted[1]!, version: retracted[2]!, ...(retracted[3] ? { reason: retracted[3] } : {}) };
  return RETRACTED_ADVICE.test(text) ? { kind: "advice" } : undefined;
}

/**
 * `go.mod:5: unknown directive: foo`, `/src/go.mod:3:2: ...`: the position
 * lines go prints under `go: errors parsing go.mod:` (modfile's ErrorList),
 * unindented. They belong to the error above them. The directory may hold
 * spaces (`/media/user/Local Disk/...`, `C:\Users\A B\...`).
 */
const MODFILE_POSITION = /^(?:(?:[A-Za-z]:)?[^\t:]*[\\/])?go\.(?:mod|work|sum)(?::\d+){1,2}: \S/;

/** Unindented lines go prints under an error: SECURITY blocks, git's help text. */
const DETAIL_LINES = [
  /^SECURITY (?:ERROR|WARNING)$/,
  /^This download (?:does NOT match|is listed in go\.sum)/,
  /^The bits may have been replaced on the origin server/,
  /^have intercepted the download attempt\.$/,
  /^The download cannot be verified\.$/,
  /^For more information, see 'go help module-auth'\.$/,
  /^Confirm the import path was entered correctly\.$/,
  /^If this is a private repository, see https:\/\/\S+ for additional information\.$/,
  // The tail of `MOD@VER: MOD@VER: invalid version: ...` that a console wrapped after the colon (no indent): go prints it only after a module.
  /^invalid version: /,
  // The two hashes under `checksum mismatch` (fetch.go), their tab turned into spaces by a paste (a BuildKit log's `1.425   downloaded: ...`).
  /^ {0,3}downloaded: +h1:\S+\s*$/,
  /^ {0,3}(?:go\.sum|[a-z0-9.-]+\.[a-z]{2,}): +h1:\S+\s*$/,
  /^fatal: /,
  // ssh's refusal, unindented where git's stderr went straight to the terminal (GOPATH mode's go get, a submodule clone).
  /^(?:\S+@\S+: )?Permission denied \(publickey[^)]*\)\.?$/,
  // The checksum database's tree note go quotes under `reading tree note: ...` (sumdb client.go): its head and signature lines.
  /^note:$/,
  /^go\.sum database tree$/,
  /^— \S+ [A-Za-z0-9+/]+=*$/,
];

export function parseGoLine(text: string, line: string, t: number): Event {
  const downloading = /^downloading (\S+) (\S+(?: \S+)?)$/.exec(text);
  if (downloading) {
    const [, first, second] = downloading;
    // `go: downloading go1.22.0 (linux/amd64)` is a toolchain, not a module.
    if (/^go\d/.test(first!) && second!.startsWith("(")) {
      const platform = /^\((\w+)\/(\w+)\)$/.exec(second!);
      return { t, kind: "toolchain", message: text, version: first!, ...(platform ? { moduleVersion: toolchainModuleVersion(first!, platform[1]!, platform[2]!) } : {}) };
    }
    if (!second!.includes(" ")) return { t, kind: "downloading", module: first!, version: second! };
  }
  const toolchain = toolchainInfo(text);
  if (toolchain) return { t, kind: "toolchain", message: text, ...(toolchain.version ? { version: toolchain.version } : {}) };
  const note = goNote(text);
  if (note) return { t, kind: "output", line, note };
  if (PROGRESS.test(text)) return { t, kind: "output", line };
  // The head of a chain names the module that required the failing one: leave
  // the module to the continuation lines, where the last one named failed.
  if (CHAIN_HEAD.test(text)) return { t, kind: "go-error", message: line };
  return { t, kind: "go-error", message: line, ...namedModule(text) };
}

/** A tab-indented line under an error; names the module when it starts with one. */
export function parseContinuation(text: string, t: number): EventOf<"go-error-detail"> {
  return { t, kind: "go-error-detail", message: text, ...namedModule(text) };
}

/** `file.go:L:C: ` ahead of a load error (go build/run/list print module errors per importing file). */
const SOURCE_POSITION = /^ {0,3}\S+\.go:\d+:\d+: /;
/** go/parser on an empty file (`F.go:1:1: expected 'package', found 'EOF'`). */
const EMPTY_SOURCE = "expected 'package', found 'EOF'";
/** A file of an extracted module in the module cache: `.../pkg/mod/MOD@VER/DIR/F.go:` (the path as the cache spells it, `!` escapes kept). */
const CACHED_SOURCE = /(?:^|[\s/\\])pkg[/\\]mod[/\\](?!cache[/\\])(.+?)@([^/\\\s]+)[/\\]/;

/** What marks a positioned line as a module-fetch problem rather than a compile error. */
const FETCH_TEXT =
  /GOPROXY|GOSUMDB|GONOSUMDB|GOPRIVATE|GOFLAGS|GOTOOLCHAIN|verifying |go\.sum|sum\.golang\.org|\/@v\/|dial tcp|x509:|tls: |reading https?:|unrecognized import path|missing go\.sum entry|no required module provides|toolchain not available|connection reset|unexpected EOF|stream error: stream ID|http2: |zip: not a valid zip file|lookup disabled by -mod=|replacement directory |cannot find module providing package/;

/**
 * A go error quoted inside another tool's line: gopls and editor plugins log
 * `... err: exit status 1: stderr: go: MOD@VER: ...` (go's stderr after theirs).
 */
const EMBEDDED_GO = /(?:^|: )stderr: (go(?: [a-z]+)?: .*)$/;
/**
 * A go line behind a label someone typed or a wrapper printed when posting it:
 * `Error -  go: ...`, `ERROR: go: ...`, `[error] go: ...`. Only error labels:
 * another tool's own line that mentions `go:` stays that tool's.
 */
const LABELLED_GO = /^\[?(?:error|fatal|err)\]?(?: ?[-:]| ) *(go(?: [a-z]+)?: .*)$/i;
/** The same label ahead of go1.13's `build PKG: cannot load PKG: ERR` (`Error : build ...`, a Makefile's echo). */
const LABELLED_CANNOT_LOAD = /^\[?(?:error|fatal|err)\]?(?: ?[-:]| ) *(build \S+: cannot load \S+: .*)$/i;
/**
 * `MOD: zip: not a valid zip file`, `MOD: verifying ...`: a module path (host
 * name first) without a version, then a fetch error (go mod download MOD@VER).
 */
const BARE_MODULE_NO_VERSION = /^[a-zA-Z0-9][a-zA-Z0-9-]*(?:\.[a-zA-Z0-9-]+)*\.[a-zA-Z]{2,}(?:\/[^\s@:"]*)?: /;
/**
 * A Go network error posted alone, without go's prefix (the poster kept only
 * the cause): `dial tcp: lookup HOST on R:53: ...`, `Get "URL": ...`, `"URL": dial ...` (the head
 * before the quoted URL cut off), and x509's name mismatch, which names the host it wanted.
 */
const BARE_NET_ERROR =
  /^\s{0,3}(?:dial (?:tcp|udp)\S*: lookup \S+|dial tcp \S+: |Get "?https?:\/\/\S+: |read tcp \S+->\S+: |"https?:\/\/[^\s"]+": (?:dial|read|write|net\/http|tls|x509|remote error)|(?:tls: failed to verify certificate: )?x509: certificate (?:is valid for \S.*, not |is not valid for any names, but wanted to match )\S+$)/;

/**
 * The tail of a net.OpError (`read tcp LOCAL->REMOTE: read: ...`, `dial tcp
 * REMOTE: i/o timeout`) whose posted line was broken inside an address: the
 * text goes on at the start of the next, unindented line (`:46292->1.2.3.4:443:
 * read: connection reset by peer`). No line go prints starts so.
 */
const BROKEN_NET_TAIL = /^(?::\d+)?->\S+:\d+: |^:\d+: (?:i\/o timeout|connect: |read: |write: )/;

/**
 * Where a go error starts inside another tool's line: `go: ` or a module path
 * with its version after a separator (Bazel's `fetch_repo: MOD@VER: ...`,
 * goreleaser's `output: go: ...`, gopls's `exit status 1: go: ...`,
 * `Error: FILE.go:L:C: ...`). Only a fetch error counts (FETCH_TEXT), so
 * another tool's own words stay its own.
 */
const EMBEDDED_START = /(?:^|[\s;:>]|\\n)(?=go(?: [a-z]+)?: |[a-zA-Z0-9][a-zA-Z0-9-]*(?:\.[a-zA-Z0-9-]+)*\.[a-zA-Z]{2,}(?:\/[^\s@:"]*)?@[^\s@:"]+: |\S+\.go:\d+:\d+: )/g;
/** go1.13's `build PKG: cannot load PKG: ERR` (go get building a tool). */
const CANNOT_LOAD = /^build \S+: cannot load \S+: /;

function embeddedFetchError(line: string, t: number): Event | undefined {
  // Most output lines of other tools have none of these: no regex for them.
  if (!line.includes("go: ") && !line.includes("@") && !line.includes(".go:")) return undefined;
  EMBEDDED_START.lastIndex = 1; // the line as a whole was read already
  for (let m = EMBEDDED_START.exec(line); m; m = EMBEDDED_START.exec(line)) {
    // Inside a JSON string (an editor's log) the error ends at its escaped line break.
    const rest = cutAtEscapedBreak(line.slice(m.index + m[0].length));
    if (!FETCH_TEXT.test(rest) && !/missing go\.sum entry|cannot find main module|maximum version supported/.test(rest)) continue;
    const prefix = /^go(?: [a-z]+)?: /.exec(rest);
    const event = prefix ? parseGoLine(rest.slice(prefix[0].length), rest, t) : parseBareLine(rest, t, false);
    if (event.kind === "go-error") return event;
  }
  return undefined;
}

/** Text up to a JSON-escaped line break: `\n` not followed by a letter or digit (`\node` may be a Windows path). */
function cutAtEscapedBreak(text: string): string {
  const at = text.search(/\\n(?![A-Za-z0-9_])/);
  return at < 0 ? text : text.slice(0, at);
}

export function parseBareLine(line: string, t: number, search = true): Event {
  if (DETAIL_LINES.some((re) => re.test(line))) return { t, kind: "go-error-detail", message: line.trim() };
  if (line.includes("go.") && MODFILE_POSITION.test(line)) return { t, kind: "go-error-detail", message: line };
  if (line.endsWith(")") || line.includes(" (retracted) ")) {
    const listed = LISTED_RETRACTED.exec(line);
    if (listed) return { t, kind: "output", line, note: { kind: "retracted", module: listed[1]!, version: listed[2]! } };
  }
  const embedded = line.includes("stderr: go") ? EMBEDDED_GO.exec(line) : null;
  if (embedded) return embeddedGoLine(embedded[1]!, t);
  const labelled = LABELLED_GO.exec(line);
  if (labelled) return embeddedGoLine(labelled[1]!, t);
  const cannotLoad = LABELLED_CANNOT_LOAD.exec(line);
  if (cannotLoad) return { t, kind: "go-error", message: cannotLoad[1]! };
  if (BROKEN_NET_TAIL.test(line)) return { t, kind: "go-error-detail", message: line };
  const position = SOURCE_POSITION.exec(line);
  if (position) {
    const rest = line.slice(position[0].length);
    // A compile error stays output (passed through); a module fetch error is an error.
    if (AT.test(rest) || FETCH_TEXT.test(rest)) return { t, kind: "go-error", message: line.trimStart(), ...namedModule(rest) };
    // An empty source file inside the module cache is no compile error of anyone's: the cache's copy is truncated.
    if (rest === EMPTY_SOURCE) {
      const cached = CACHED_SOURCE.exec(position[0]);
      if (cached) return { t, kind: "go-error", message: line.trimStart(), module: cached[1]!, version: cached[2]! };
    }
    return { t, kind: "output", line };
  }
  // `PKG: MOD@VER: ...` without the `go: ` prefix (go run, older go build).
  const pkg = PACKAGE_PREFIX.exec(line);
  if (pkg && BARE_MODULE.test(line.slice(pkg[0].length))) return { t, kind: "go-error", message: line, ...namedModule(line) };
  // go before 1.16 printed some errors without the `go: ` prefix.
  const verifying = VERIFYING.exec(line);
  if (verifying) return { t, kind: "go-error", module: verifying[1]!, version: verifying[2]!, message: line.trimEnd() };
  if (BARE_MODULE.test(line)) return { t, kind: "go-error", message: line, ...namedModule(line) };
  const spaced = SPACED_MODULE_VERSION.exec(line);
  if (spaced && SPACED_ERROR.test(line.slice(spaced[0].length))) return { t, kind: "go-error", message: line, module: spaced[1]!, version: spaced[2]! };
  const mismatch = line.endsWith(" checksum mismatch") ? CHECKSUM_MISMATCH_TAIL.exec(line) : null;
  if (mismatch) return { t, kind: "go-error", module: mismatch[1]!, version: mismatch[2]!, message: line };
  const noVersion = BARE_MODULE_NO_VERSION.exec(line);
  if (noVersion && FETCH_TEXT.test(line.slice(noVersion[0].length))) return { t, kind: "go-error", message: line, module: noVersion[0].slice(0, -2) };
  if (BARE_NET_ERROR.test(line)) return { t, kind: "go-error", message: line.trim() };
  // go get's cause posted without its `go get PKG: ` head (go1.13-1.16 printed it so).
  if (IMPORT_PATH.test(line)) return { t, kind: "go-error", message: line, ...namedModule(line) };
  const gopath = GOPATH_IMPORT_PATH.exec(line);
  if (gopath) return { t, kind: "go-error", message: line, ...namedModule(line.slice(gopath[0].length)) };
  if (line.startsWith("package ") && GOPATH_PACKAGE_FAILED.test(line)) return { t, kind: "go-error", message: line };
  if (WRAPPED_FETCH_TAIL.test(line)) return { t, kind: "go-error-detail", message: line };
  if (BARE_CHAIN_HEAD.test(line) || BARE_REQUIRES_HEAD.test(line)) return { t, kind: "go-error", message: line };
  // Download prints `-> ERR` when unzipping into the module cache fails.
  if (line.startsWith("-> ")) return { t, kind: "go-error", message: line };
  if (CANNOT_LOAD.test(line)) return { t, kind: "go-error", message: line };
  return (search ? embeddedFetchError(line, t) : undefined) ?? { t, kind: "output", line };
}

/** The go line inside another tool's log line, read as if go had printed it alone. */
function embeddedGoLine(goLine: string, t: number): Event {
  const prefix = /^go(?: [a-z]+)?: /.exec(goLine)![0];
  return parseGoLine(goLine.slice(prefix.length), goLine, t);
}

/** The golang.org/toolchain version go fetches for a release (toolchain/select.go: gotoolchainVersion-goX.os-arch). */
export function toolchainModuleVersion(release: string, goos: string, goarch: string): string {
  return `v0.0.1-${release}.${goos}-${goarch}`;
}

function toolchainInfo(text: string): { version?: string } | undefined {
  let m = /^switching from go\S* to (\S+) \[depth \d+\]$/.exec(text);
  if (m) return { version: m[1]! };
  m = / requires go >= \S+; switching to (go\S+)$/.exec(text);
  if (m) return { version: m[1]! };
  m = /^switching to (go\d\S*)$/.exec(text);
  if (m) return { version: m[1]! };
  return undefined;
}

/**
 * ssh's `USER@HOST: ` (`git@github.com: Permission denied (publickey).`): a user name (no dot, no
 * slash, unlike a module path's first element) at a dotted host name, where `MOD@VER` would put a version.
 */
const SSH_USER_AT_HOST = /^[A-Za-z0-9_-]+@(?!v\d)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+: /;

/**
 * vgo's (2018) `MOD VER: ` (`vgo: rsc.io/quote v1.5.2: unexpected status ...`): a module path
 * (host name first) and a version after a space, where go later wrote `MOD@VER`.
 */
const SPACED_MODULE_VERSION = /^([a-zA-Z0-9][a-zA-Z0-9-]*(?:\.[a-zA-Z0-9-]+)*\.[a-zA-Z]{2,}(?:\/[^\s@:"]*)?) (v\d+\.\d+\.\d+[^\s@:"]*): /;

/**
 * What go1.11 said after a bare `MOD VER: ` (modfetch/proxy.go's `unexpected status (URL): 404 Not Found`,
 * codehost's `git fetch ... in DIR: exit status 128:`, `unknown revision`), or a fetch error: other tools
 * print `MOD VER: ` ahead of their own words (a licence, a hash), and those stay output.
 */
const SPACED_ERROR = new RegExp(
  `^(?:unexpected status \\(|unknown revision |invalid (?:version|pseudo-version|module path)|git (?:fetch|ls-remote)|` +
    `parsing go\\.mod|go\\.mod has non-\\S+ module path|missing go\\.sum entry|checksum mismatch|zip: not a valid zip file|not found|` +
    `unrecognized import path|cannot find module)|\\bexit status \\d+:?$|${FETCH_TEXT.source}`,
);

/** The module (and version) an error text names at its start. */
function namedModule(text: string): { module?: string; version?: string } {
  if (SSH_USER_AT_HOST.test(text)) return {};
  // go1.12's go get: `upgrading MOD@VER: ERR`.
  const body = (text.startsWith("upgrading ") ? text.slice("upgrading ".length) : text).replace(PACKAGE_PREFIX, "");
  let m = REQUIRES_INLINE.exec(body) ?? VERIFYING.exec(body);
  if (m) return { module: m[1]!, version: m[2]! };
  m = AT.exec(body);
  if (m) {
    // `MOD@latest: MOD@v1.0.2: ...`: a query, then what it resolved to.
    const resolved = /^v\d/.test(m[2]!) ? null : AT.exec(body.slice(m[0].length + 2));
    return resolved && resolved[1] === m[1] ? { module: m[1]!, version: resolved[2]! } : { module: m[1]!, version: m[2]! };
  }
  m = MODULE.exec(body);
  if (m) return { module: m[1]! };
  m = SPACED_MODULE_VERSION.exec(body);
  if (m) return { module: m[1]!, version: m[2]! };
  m = IMPORT_PATH.exec(body) ?? QUERY_FAILED.exec(body);
  if (m) return { module: m[1]! };
  return {};
}
