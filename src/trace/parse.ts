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
const NO_SPACE = /^\S+$/;
const SECONDS_NUMBER = /^\d+(?:\.\d+)?$/;
const LINE_END = /[\n\r\u2028\u2029]/;
/** `go:`, and the older per-command prefixes (`go get:`, `go mod download:`, `go get -u PATH:`). */
const GO_PREFIX = /^go(?: (?:get|build|install|list|run|test|vet|mod [a-z]+|work [a-z]+)(?: -\S+)*(?: [^\s:"]+)?)?: /;
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;
/** GitHub Actions annotations at the start of a log line. */
const CI_MARK = /^##\[(?:error|warning|notice|debug)\]/;

export function parseTraceLine(raw: string, t: number): Event | undefined {
  const line = clean(raw);
  if (isBlank(line) || line.startsWith("#! ")) return undefined;

  if (line.startsWith("# get ")) return parseGet(line, t);
  if (line.startsWith("# lock ")) return { t, kind: "lock", file: line.slice("# lock ".length).trim() };
  if (line.startsWith("\t") || line.startsWith("    ")) return parseContinuation(line.trim(), t);

  const vcs = parseVcs(line, t);
  if (vcs) return vcs;

  const go = GO_PREFIX.exec(line);
  if (go) return parseGoLine(line.slice(go[0].length), line, t);
  return parseBareLine(line, t);
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
  return line;
}

function parseGet(line: string, t: number): Event {
  const rest = line.slice("# get ".length);
  // Most lines are a bare URL (a start) or `URL: STATUS (TIME)` (an end): checked cheaply first.
  if (rest.indexOf(" ") < 0) {
    if (NO_SPACE.test(rest)) return { t, kind: "http-start", url: rest };
  } else if (rest.endsWith(")") && rest.includes(" (offset ")) {
    const offset = OFFSET.exec(rest);
    if (offset) return { t, kind: "http-start", url: offset[1]!, offset: Number(offset[2]) };
  }
  // A URL from url.Redacted() has no spaces, so the first ": " ends it.
  const colon = rest.indexOf(": ");
  const url = colon > 0 ? rest.slice(0, colon) : "";
  if (url === "" || /\s/.test(url)) return { t, kind: "output", line };
  let what = rest.slice(colon + 2);
  if (what === "interrupted") return { t, kind: "http-end", url, error: what, body: "interrupted" };
  if (what.startsWith("resume: ")) return { t, kind: "http-end", url, error: what, body: "resume-failed" };
  let seconds: number | undefined;
  const open = timedAt(what);
  if (open >= 0) {
    seconds = Number(what.slice(open + 2, -2));
    what = what.slice(0, open);
  }
  // Built by assignment, not conditional spreads (slow in V8): one per request of a log.
  const end: EventOf<"http-end"> = isStatus(what) ? { t, kind: "http-end", url, status: Number(what.slice(0, 3)) } : { t, kind: "http-end", url, error: what };
  if (end.status !== undefined && what.length > 4) end.statusText = what.slice(4);
  if (seconds !== undefined) end.seconds = seconds;
  return end;
}

/**
 * Where ` (0.012s)` starts at the end of `what`, or -1: what
 * /^(.*) \((\d+(?:\.\d+)?)s\)$/ matches, read without a match array (the
 * greedy `.*` puts it at the last ` (`; `.` does not match line ends).
 */
function timedAt(what: string): number {
  if (!what.endsWith("s)")) return -1;
  const open = what.lastIndexOf(" (");
  if (open < 0 || !SECONDS_NUMBER.test(what.slice(open + 2, -2))) return -1;
  return LINE_END.test(what.slice(0, open)) ? -1 : open;
}

/** /^(\d{3})(?: (.*))?$/: three digits, then the end or a space and text without line ends. */
function isStatus(what: string): boolean {
  if (what.length < 3 || !isDigit(what, 0) || !isDigit(what, 1) || !isDigit(what, 2)) return false;
  if (what.length === 3) return true;
  return what.charCodeAt(3) === 32 && !LINE_END.test(what);
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
