// `git ls-remote -q <repo>` with the non-interactive environment the go
// command gives git, its own deadline, and the whole process tree (git,
// git-remote-https, ssh) killed by process group when the deadline passes.
import { execa } from "execa";
import { tmpdir } from "node:os";
import type { StepFacts } from "../types.js";
import { redactText, redactUrl } from "../../util/redact.js";
import { PROBE_CODES } from "./errors.js";
import { elapsed, timedOut, withDeadline } from "./deadline.js";

export type LsRemoteKind = "auth" | "prompt" | "host-key" | "ssh-handshake" | "not-found" | "timeout" | "refused" | "dns" | "tls" | "unknown";

export type LsRemoteFacts = StepFacts & { repo: string; kind?: LsRemoteKind; stderr?: string };

export interface LsRemoteOptions {
  signal?: AbortSignal;
  timeoutMs: number;
  /** Base environment (the user's); the no-prompt settings are laid over it. */
  env?: NodeJS.ProcessEnv;
  gitBin?: string;
}

/** What the go command sets so git and ssh never wait for a person (plus C messages we can read). */
export const NO_PROMPT_ENV = {
  GIT_TERMINAL_PROMPT: "0",
  GIT_SSH_COMMAND: "ssh -o BatchMode=yes -o ControlMaster=no",
  GCM_INTERACTIVE: "never",
  LC_ALL: "C",
} as const;

/**
 * The environment the probe's git runs with: go's own rule (modload/init.go) for ssh — its
 * GIT_SSH_COMMAND only when the user set neither GIT_SSH nor GIT_SSH_COMMAND — so the probe's
 * ssh uses the key, port or config file the user's command names, as go's ssh does. Prompts
 * stay off: git's by GIT_TERMINAL_PROMPT=0, ssh's because the probe's git has no terminal (detached).
 */
export function probeGitEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const userSsh = Boolean(base.GIT_SSH) || Boolean(base.GIT_SSH_COMMAND);
  const { GIT_SSH_COMMAND, ...rest } = NO_PROMPT_ENV;
  return { ...base, ...rest, ...(userSsh ? {} : { GIT_SSH_COMMAND }) };
}

const STDERR_CAP = 4000;

const PATTERNS: [RegExp, LsRemoteKind][] = [
  [/terminal prompts disabled|could not read (username|password)/i, "prompt"],
  [/host key verification failed/i, "host-key"],
  // ssh reached the port and the server ended the connection before its banner (no key was offered yet).
  [/kex_exchange_identification:|Connection timed out during banner exchange/i, "ssh-handshake"],
  [/permission denied \(publickey|authentication failed|access denied|invalid username or password|HTTP Basic|returned error: 40[13]/i, "auth"],
  [/repository not found|not found|does not appear to be a git repository|returned error: 404/i, "not-found"],
  [/could not resolve host|could not resolve hostname|name or service not known/i, "dns"],
  [/ssl certificate problem|server certificate verification failed|certificate verify failed/i, "tls"],
  [/timed out|operation too slow/i, "timeout"],
  [/connection refused|couldn't connect to server/i, "refused"],
];

/** Why git failed, from its stderr (C locale). */
export function classifyGitStderr(stderr: string): LsRemoteKind {
  for (const [pattern, kind] of PATTERNS) if (pattern.test(stderr)) return kind;
  return "unknown";
}

/**
 * The line that says why: git's last line, except after ssh's own words, where git
 * only adds "Please make sure you have the correct access rights / and the repository exists."
 */
export function gitReason(stderr: string): string | undefined {
  const lines = stderr.split("\n").map((l) => l.replace(/\r$/, "").trim()).filter(Boolean);
  if (lines.some((l) => /^fatal: Could not read from remote repository/.test(l))) {
    const first = lines.find((l) => !/^(Warning: Permanently added|Pseudo-terminal)/.test(l));
    if (first && !/^fatal: Could not read/.test(first)) return first;
  }
  return lines.pop();
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

export async function gitLsRemote(repo: string, options: LsRemoteOptions): Promise<LsRemoteFacts> {
  const start = performance.now();
  const shown = redactUrl(repo);
  if (repo.startsWith("-")) return { ok: false, ms: 0, repo: shown, kind: "unknown", code: PROBE_CODES.badUrl, message: "refusing a repository that looks like an option" };
  const signal = withDeadline(options.signal, options.timeoutMs);
  // detached: git leads a new process group (and session: no terminal to prompt on).
  const child = execa(options.gitBin ?? "git", ["ls-remote", "-q", repo], {
    cwd: tmpdir(),
    env: probeGitEnv(options.env ?? process.env),
    extendEnv: false,
    detached: true,
    stdin: "ignore",
    stdout: "ignore",
    maxBuffer: 64 * 1024,
    reject: false,
    cleanup: true,
  });
  let giveUp: NodeJS.Timeout | undefined;
  const gone = new Promise<undefined>((resolve) => {
    const onAbort = (): void => {
      killGroup(child.pid);
      // SIGKILL is final; this only guards against a pipe some stray process keeps open.
      giveUp = setTimeout(() => resolve(undefined), 1000);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    const result = (await Promise.race([child, gone])) ?? { exitCode: undefined, stderr: "", cause: undefined, shortMessage: undefined };
    const stderr = redactText(String(result.stderr ?? "").slice(0, STDERR_CAP)).trim();
    const ms = elapsed(start);
    if (signal.aborted) {
      return { ok: false, ms, repo: shown, kind: "timeout", code: timedOut(signal) ? PROBE_CODES.timeout : PROBE_CODES.abort, message: `git ls-remote still running after ${Math.round(ms)} ms: killed`, ...(stderr ? { stderr } : {}) };
    }
    if (result.exitCode === 0) return { ok: true, ms, repo: shown };
    const spawnCode = (result.cause as NodeJS.ErrnoException | undefined)?.code;
    const kind = classifyGitStderr(stderr);
    return {
      ok: false,
      ms,
      repo: shown,
      kind,
      code: spawnCode ?? (kind === "timeout" ? PROBE_CODES.timeout : `GIT_${kind.toUpperCase().replace("-", "_")}`),
      message: redactText(gitReason(stderr) ?? result.shortMessage ?? "git ls-remote failed"),
      ...(stderr ? { stderr } : {}),
    };
  } finally {
    clearTimeout(giveUp);
  }
}
