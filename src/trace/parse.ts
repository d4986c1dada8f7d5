// Turns one line of the go command's stderr (with -x) into an event. Pure,
// per line, never throws. Formats (checked in go1.19, go1.23 and master):
// golang/go src/cmd/go/internal/web/http.go (`# get`), modfetch/codehost/
// codehost.go (`mkdir -p DIR # git3 URL`, `# lock`, `cd DIR; git ...` and
// `0.043s # cd DIR; git ...`); `go:` lines in go-lines.ts.
import type { Event, EventOf } from "./events.js";
import { parseBareLine, parseContinuation, parseGoLine } from "./go-lines.js";

const VCS = "(?:git|hg|svn|bzr|fossil)";
const VCS_START = new RegExp(`^cd (.+?); (${VCS}(?: .*)?)$`);
const VCS_END = /^(\d+(?:\.\d+)?)s # (?:cd (.+?); )?(\S.*)$/;
/** `mkdir -p DIR # git3 URL`; other VCSs are `vcs1.hg` and so on. */
const VCS_REPO = /^mkdir -p (.+?) # (git\d*|vcs\d*\.[a-z]+) (\S+)$/;
/** A reused work directory: `# DIR for git3 URL`. */
const VCS_REUSE = /^# (.+?) for (git\d*|vcs\d*\.[a-z]+) (\S+)$/;
const OFFSET = /^(\S+) \(offset (\d+)\)$/;
/** `go:`, and the older per-command prefixes (`go get:`, `go mod download:`, `go get -u PATH:`). */
// The argument may be a URL go cleaned (`go get https:/github.com/x/y.git: malformed module path ...`, go1.15).
// vgo, the 2018 prototype of modules (JFrog CLI ran it), printed `vgo: ` instead.
const GO_PREFIX = /^v?go(?: (?:get|build|install|list|run|test|vet|mod [a-z]+|work [a-z]+)(?: -\S+)*(?: ((?:[a-z][a-z0-9+.-]*:\/\/?)?[^\s:"]+))?)?: /;
/** A module path (a host name first), not `./...` or `all`. */
const HOST_FIRST = /^[a-zA-Z0-9][a-zA-Z0-9-]*(?:\.[a-zA-Z0-9-]+)+(?:\/|@|$)/;
/** The head of a chain (`... requires`): the module is left to the lines under it. */
const CHAIN_END = / (?:requires|imports|tested by|updating to)$/;
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;
const QUOTE = /^(?:> ?)+/;
/** Nix's builder log (`       > go: ...`): seven spaces and `>`, then the builder's line as it printed it. */
const NIX_LOG = /^ {7}>(?: |$)/;
/** GitHub Actions annotations at the start of a log line. */
const CI_MARK = /^##\[(?:error|warning|notice|debug)\]/;
/** A shell prompt (`user@host:dir$ `, `dir> `, `PS C:\\dir> `) echoing a go command. */
const PROMPT_ECHO = /[$#%>] go (?:mod|get|build|install|run|test|list|vet|work|env|version|clean|generate|tool)\b/;
/**
 * A `requires` chain line whose tab a paste turned into one to three spaces
 * (`  MOD@VER requires`, `  MOD@VER: ERR`); the detector joins it to the
 * chain above it, if there is one.
 */
const SPACED_CHAIN_LINE = /^ {1,3}[a-zA-Z0-9][a-zA-Z0-9-]*(?:\.[a-zA-Z0-9-]+)*\.[a-zA-Z]{2,}(?:\/[^\s@:"]*)?@[^\s@:"]+(?: requires$|: \S)/;
/** An indented JSON member whose value is a number, boolean, null or an opening bracket (`"success": 0,`). */
const JSON_MEMBER_NO_TEXT = /^\s+"[^"\s]+": (?:-?\d[\d.]*|true|false|null|[[{])\s*,?\s*$/;
/** A box-drawing gutter a wrapper draws left of the output it quotes (goreleaser's `    │ go: ...`). */
const GUTTER = /^[ \t]*[\u2502\u2503](?: |$)/;

export function parseTraceLine(raw: string, t: number): Event | undefined {
  const line = clean(raw);
  if (isBlank(line) || line.startsWith("#! ")) return undefined;

  if (line.startsWith("# get ")) return parseGet(line, t);
  if (line.startsWith("# lock ")) return { t, kind: "lock", file: line.slice("# lock ".length).trim() };
  if (line.startsWith("\t") || line.startsWith("    ")) {
    // A wrapper that indents go's whole stderr with spaces (pre-commit): its `go: ` lines are go's own, not details.
    const indentedGo = line.startsWith(" ") ? GO_PREFIX.exec(line.trimStart()) : null;
    // The same paste's shell prompt running the next go command is not a detail of the error above it.
    if (!indentedGo && line.startsWith(" ") && PROMPT_ECHO.test(line)) return { t, kind: "output", line: line.trim() };
    // A JSON member quoting go's stderr with escaped line breaks (Renovate's `"stderr": "...\ngo: ..."`): another tool's line, not a detail.
    if (!indentedGo && line.includes("\\ngo") && line.trimStart().startsWith('"')) return parseBareLine(line.trim(), t);
    // Another tool's JSON summary under the error (JFrog CLI's `"failure": 1`): a member with no text in it is no detail of go's.
    if (!indentedGo && JSON_MEMBER_NO_TEXT.test(line)) return { t, kind: "output", line: line.trim() };
    if (!indentedGo) return parseContinuation(line.trim(), t);
  }

  if (line.startsWith(" ") && SPACED_CHAIN_LINE.test(line)) return { ...parseContinuation(line.trim(), t), underChain: true };

  const vcs = parseVcs(line, t);
  if (vcs) return vcs;

  const goLine = line.startsWith(" ") ? line.trimStart() : line;
  const go = GO_PREFIX.exec(goLine);
  if (go) {
    const event = parseGoLine(goLine.slice(go[0].length), goLine, t);
    // `go get PATH: CAUSE` (go1.13-1.16): when the cause names no module, the path in the prefix is the one that failed.
    if (event.kind === "go-error" && event.module === undefined && go[1] !== undefined && HOST_FIRST.test(go[1]) && !CHAIN_END.test(line)) {
      const at = go[1].indexOf("@");
      if (at < 0) event.module = go[1];
      else if (at > 0) {
        event.module = go[1].slice(0, at);
        event.version = go[1].slice(at + 1);
      }
    }
    return event;
  }
  return parseBareLine(line, t);
}

/**
 * A wrapper that logs each line of a child's output behind its stream's name
 * (`stdout: {`, `stdout: \t"Error": ...`: a proxy running `go mod download
 * -json`). go never starts a line so: what follows is the child's line.
 */
const STREAM_LABEL = /^(?:stdout|stderr): /;

const LABELLED_CHILD_LINE = /^(?:stdout|stderr): [\t{}]/;

/** The line without a wrapper's `stdout: `/`stderr: ` label at its start. */
export function stripStreamLabel(line: string): string {
  return line.charCodeAt(0) === 115 /* s */ && STREAM_LABEL.test(line) ? line.replace(STREAM_LABEL, "") : line;
}

/** `line.trim() === ""`, without trimming a line that starts with a printable ASCII character (most do). */
function isBlank(line: string): boolean {
  const first = line.charCodeAt(0);
  if (first > 32 && first < 127) return false;
  return line.trim() === "";
}

function clean(raw: string): string {
  let line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
  if (line.includes("\x1b")) line = line.replace(ANSI, "");
  if (line.startsWith("##[")) line = line.replace(CI_MARK, "");
  // Read line by line, only a labelled JSON or tab-indented line of the child is unwrapped: `stderr: gofmt: ...` stays the wrapper's.
  if (line.startsWith("std") && LABELLED_CHILD_LINE.test(line)) line = stripStreamLabel(line);
  // A log pasted as a Markdown quote: `> go: ...`.
  if (line.charCodeAt(0) === 62 /* > */ && line.charCodeAt(1) === 32) line = line.replace(QUOTE, "");
  else if (line.startsWith("       >")) line = line.replace(NIX_LOG, "");
  if (line.includes("\u2502") || line.includes("\u2503")) line = line.replace(GUTTER, "");
  // Not in a `# get URL: ERR` line: its error text is go's, verbatim, whatever it ends with.
  if (line.includes("`") && !line.startsWith("# ")) line = unquoteInlineCode(line);
  return line;
}

/**
 * A log pasted as Markdown inline code opens and closes with one backtick, on the first and last line of the
 * paste (`` `go get: M requires `` ... ``server response: 404 page not found` ``): a lone backtick at either end is
 * the poster's, not go's (go quotes with "" and '').
 */
function unquoteInlineCode(line: string): string {
  const ticks = line.split("`").length - 1;
  const start = line.trimStart();
  // Only a backtick beside other text: a line that is nothing else stays as it is.
  if (start.replace(/`/g, "").trim() === "") return line;
  if (ticks === 2 && start.startsWith("`") && line.endsWith("`") && start.length > 2) return start.slice(1, -1);
  if (ticks !== 1) return line;
  if (start.startsWith("`")) return start.slice(1);
  return line.endsWith("`") ? line.slice(0, -1) : line;
}

/** Where a `# get` line's URL starts. */
const URL_AT = "# get ".length;
/** From URL_AT: the URL (no white space) and the first `: ` after it. */
const URL_COLON = /\S+: /y;
/** From URL_AT: the whole rest is a URL (a request's start). */
const URL_ONLY = /\S+$/y;
const LINE_END_FROM = /[\n\r\u2028\u2029]/g;

/**
 * `# get URL`, `# get URL (offset N)` or `# get URL: STATUS|ERROR (TIME)`,
 * read at offsets in the line: one per request of a log, so nothing is cut
 * out of it but the parts the event keeps.
 */
function parseGet(line: string, t: number): Event {
  // Most lines are a bare URL (a start) or `URL: STATUS (TIME)` (an end): checked cheaply first.
  if (!line.includes(" ", URL_AT)) {
    URL_ONLY.lastIndex = URL_AT;
    if (URL_ONLY.test(line)) return { t, kind: "http-start", url: line.slice(URL_AT) };
  } else if (line.endsWith(")") && line.includes(" (offset ", URL_AT)) {
    const offset = OFFSET.exec(line.slice(URL_AT));
    if (offset) return { t, kind: "http-start", url: offset[1]!, offset: Number(offset[2]) };
  }
  // A URL from url.Redacted() has no spaces, so the first ": " ends it.
  URL_COLON.lastIndex = URL_AT;
  if (!URL_COLON.test(line)) return { t, kind: "output", line };
  const what = URL_COLON.lastIndex;
  const url = line.slice(URL_AT, what - 2);
  if (line.length === what + 11 && line.endsWith("interrupted")) return { t, kind: "http-end", url, error: "interrupted", body: "interrupted" };
  if (line.startsWith("resume: ", what)) return { t, kind: "http-end", url, error: line.slice(what), body: "resume-failed" };
  LINE_END_FROM.lastIndex = what;
  const oneLine = !LINE_END_FROM.test(line);
  // `.` in /^(.*) \((\d+(?:\.\d+)?)s\)$/ does not match line ends: with one in it, there is no time to read.
  const open = oneLine ? timedAt(line, what) : -1;
  const whatEnd = open >= 0 ? open : line.length;
  let end: EventOf<"http-end">;
  // Built by assignment, not conditional spreads (slow in V8): one per request of a log.
  if (oneLine && isStatusAt(line, what, whatEnd)) {
    end = { t, kind: "http-end", url, status: statusAt(line, what) };
    if (whatEnd > what + 4) end.statusText = statusTextAt(line, what + 4, whatEnd);
  } else {
    end = { t, kind: "http-end", url, error: line.slice(what, whatEnd) };
  }
  if (open >= 0) end.seconds = secondsAt(line, open + 2, line.length - 2);
  return end;
}

/**
 * Where ` (0.012s)` starts at the end of the line (after `from`), or -1: what
 * /^(.*) \((\d+(?:\.\d+)?)s\)$/ matches from `from`, read without a match
 * array (the greedy `.*` puts it at the last ` (`).
 */
function timedAt(line: string, from: number): number {
  if (!line.endsWith("s)")) return -1;
  const open = line.lastIndexOf(" (");
  if (open < from) return -1;
  const last = line.length - 3;
  let dot = -1;
  for (let i = open + 2; i <= last; i++) {
    const c = line.charCodeAt(i);
    if (c === 46 /* . */ && dot < 0 && i > open + 2 && i < last) dot = i;
    else if (c < 48 || c > 57) return -1;
  }
  return last >= open + 2 ? open : -1;
}

/** The number in line[from, to): digits with at most one `.` (timedAt checked). */
function secondsAt(line: string, from: number, to: number): number {
  // Up to 15 digits the integer is exact and one division rounds as Number() does; longer ones are parsed.
  if (to - from > 15) return Number(line.slice(from, to));
  let n = 0;
  let scale = 0; // 1 at the `.`, then times ten per decimal
  for (let i = from; i < to; i++) {
    const c = line.charCodeAt(i);
    if (c === 46) scale = 1;
    else {
      n = n * 10 + (c - 48);
      if (scale > 0) scale *= 10;
    }
  }
  return scale > 0 ? n / scale : n;
}

/** /^(\d{3})(?: (.*))?$/ on line[from, to): three digits, then the end or a space and text. */
function isStatusAt(line: string, from: number, to: number): boolean {
  if (to - from < 3 || !isDigit(line, from) || !isDigit(line, from + 1) || !isDigit(line, from + 2)) return false;
  return to - from === 3 || line.charCodeAt(from + 3) === 32;
}

function statusAt(line: string, at: number): number {
  return (line.charCodeAt(at) - 48) * 100 + (line.charCodeAt(at + 1) - 48) * 10 + (line.charCodeAt(at + 2) - 48);
}

/** The reason phrase; the most common ones are the same string each time. */
function statusTextAt(line: string, from: number, to: number): string {
  if (to - from === 2 && line.startsWith("OK", from)) return "OK";
  if (to - from === 9 && line.startsWith("Not Found", from)) return "Not Found";
  return line.slice(from, to);
}

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

function parseVcs(line: string, t: number): Event | undefined {
  const first = line.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    const end = VCS_END.exec(line);
    if (end) return end[2] ? { t, kind: "vcs-end", command: end[3]!, dir: end[2], seconds: Number(end[1]) } : { t, kind: "vcs-end", command: end[3]!, seconds: Number(end[1]) };
    return undefined;
  }
  if (line.startsWith("cd ")) {
    const start = VCS_START.exec(line);
    if (start) return { t, kind: "vcs-start", command: start[2]!, dir: start[1]! };
    return undefined;
  }
  const repo = VCS_REPO.exec(line) ?? (line.startsWith("# ") ? VCS_REUSE.exec(line) : null);
  if (repo) return { t, kind: "vcs-repo", dir: repo[1]!, vcs: vcsName(repo[2]!), repo: repo[3]! };
  return undefined;
}

/** `git3` -> `git`, `vcs1.hg` -> `hg` (the work-dir types of modfetch/codehost). */
function vcsName(type: string): string {
  const dot = type.indexOf(".");
  return dot >= 0 ? type.slice(dot + 1) : type.replace(/\d+$/, "");
}
