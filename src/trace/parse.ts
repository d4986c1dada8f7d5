// Turns one line of the go command's stderr (with -x) into an event. Pure,
// per line, never throws. Formats: golang/go src/cmd/go/internal/web/http.go
// (`# get`), modfetch/codehost (vcs commands, `# git3`), lockedfile (`# lock`).
import type { Event } from "./events.js";

const GET_END = /^# get (\S+): (.*?)(?: \((\d+(?:\.\d+)?)s\))?$/;
const STATUS = /^(\d{3})(?: (.*))?$/;
const VCS_END = /^(\d+(?:\.\d+)?)s # (?:cd (.+?); )?((?:git|hg|svn|bzr|fossil)\b.*)$/;
const VCS_START = /^(?:cd (.+?); )?((?:git|hg|svn|bzr|fossil) .*)$/;
const VCS_REPO = /^mkdir -p (.+?) # (git|hg|svn|bzr|fossil)3 (\S+)$/;
const MOD_AT_VER = /^(?:verifying )?(?:module )?([^\s@:"]+)@([^\s:"]+): /;
const MODULE_ONLY = /^module ([^\s@:"]+): /;
/** `go:` lines that report progress, not errors. */
const GO_INFO = /^(finding|found|added|upgraded|downgraded|removed|extracting|creating new go\.mod|to add module requirements|warning: ignoring|updates to go\.mod needed; to update it)/;

export function parseTraceLine(raw: string, t: number): Event | undefined {
  const line = raw.replace(/\r$/, "");
  if (line.trim() === "" || line.startsWith("#! ")) return undefined;

  if (line.startsWith("# get ")) return parseGet(line, t);
  if (line.startsWith("# lock ")) return { t, kind: "lock", file: line.slice("# lock ".length).trim() };

  if (line.startsWith("\t") || line.startsWith("    ")) return { t, kind: "go-error-detail", message: line.trim() };
  if (line === "SECURITY ERROR") return { t, kind: "go-error-detail", message: line };

  const repo = VCS_REPO.exec(line);
  if (repo) return { t, kind: "vcs-repo", dir: repo[1]!, vcs: repo[2]!, repo: repo[3]! };
  const vcsEnd = VCS_END.exec(line);
  if (vcsEnd) {
    return { t, kind: "vcs-end", command: vcsEnd[3]!, ...(vcsEnd[2] ? { dir: vcsEnd[2] } : {}), seconds: Number(vcsEnd[1]) };
  }
  const vcsStart = VCS_START.exec(line);
  if (vcsStart && (vcsStart[1] !== undefined || /^git (ls-remote|fetch|init|remote|tag|rev-parse|cat-file|-c )/.test(vcsStart[2]!))) {
    return { t, kind: "vcs-start", command: vcsStart[2]!, ...(vcsStart[1] ? { dir: vcsStart[1] } : {}) };
  }

  if (line.startsWith("go: ")) return parseGoLine(line.slice(4), t);
  return { t, kind: "output", line };
}

function parseGet(line: string, t: number): Event {
  const rest = line.slice("# get ".length);
  const offset = /^(\S+) \(offset (\d+)\)$/.exec(rest);
  if (offset) return { t, kind: "http-start", url: offset[1]!, offset: Number(offset[2]) };
  if (!rest.includes(": ")) return { t, kind: "http-start", url: rest.trim() };
  const end = GET_END.exec(line);
  if (!end) return { t, kind: "output", line };
  const url = end[1]!;
  const what = end[2]!;
  const seconds = end[3] !== undefined ? Number(end[3]) : undefined;
  const status = STATUS.exec(what);
  if (status) {
    return {
      t,
      kind: "http-end",
      url,
      status: Number(status[1]),
      ...(status[2] ? { statusText: status[2] } : {}),
      ...(seconds !== undefined ? { seconds } : {}),
    };
  }
  return { t, kind: "http-end", url, error: what, ...(seconds !== undefined ? { seconds } : {}) };
}

function parseGoLine(text: string, t: number): Event {
  const downloading = /^downloading (\S+) (\S+)$/.exec(text);
  if (downloading) {
    const [, first, second] = downloading;
    // `go: downloading go1.22.0 (linux/amd64)` is a toolchain, not a module.
    if (/^go\d/.test(first!) && second!.startsWith("(")) return { t, kind: "toolchain", message: text, version: first! };
    return { t, kind: "downloading", module: first!, version: second! };
  }
  if (/^(switching to go|toolchain |go\d\S* requires|downloading go\d)/.test(text) || /toolchain not available/.test(text)) {
    const version = /\b(go\d+(?:\.\d+)*(?:rc\d+)?)\b/.exec(text)?.[1];
    if (/toolchain not available|cannot|error|failed/.test(text)) {
      return { t, kind: "go-error", message: `go: ${text}` };
    }
    return { t, kind: "toolchain", message: text, ...(version ? { version } : {}) };
  }
  if (GO_INFO.test(text)) return { t, kind: "output", line: `go: ${text}` };
  const at = MOD_AT_VER.exec(text);
  if (at) return { t, kind: "go-error", module: at[1]!, version: at[2]!, message: `go: ${text}` };
  const mod = MODULE_ONLY.exec(text);
  if (mod) return { t, kind: "go-error", module: mod[1]!, message: `go: ${text}` };
  return { t, kind: "go-error", message: `go: ${text}` };
}
