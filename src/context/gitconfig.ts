// The git settings that decide how a direct (VCS) fetch authenticates:
// url.*.insteadOf rewrites, credential helpers, core.sshCommand.
import { execa } from "execa";
import { redactText, redactUrl } from "../util/redact.js";

export interface GitSettings {
  insteadOf: { from: string; to: string }[];
  credentialHelpers: string[];
  sshCommand?: string;
}

export async function readGitConfig(opts: { cwd: string; env: NodeJS.ProcessEnv; signal?: AbortSignal }): Promise<GitSettings> {
  const result = await execa("git", ["config", "--get-regexp", "^(url\\..*\\.insteadof|credential\\..*|core\\.sshcommand)$"], {
    cwd: opts.cwd,
    env: { ...opts.env, GIT_TERMINAL_PROMPT: "0" },
    extendEnv: false,
    reject: false,
    timeout: 3000,
    stdin: "ignore",
    ...(opts.signal ? { cancelSignal: opts.signal } : {}),
  }).catch(() => undefined);
  const settings: GitSettings = { insteadOf: [], credentialHelpers: [] };
  if (!result || result.exitCode !== 0) return settings;
  for (const line of String(result.stdout).split("\n")) {
    const m = /^(\S+)\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!;
    const rewrite = /^url\.(.+)\.insteadof$/.exec(key);
    if (rewrite) {
      // The key keeps its original case in the URL part; recover it from the line.
      const to = line.trim().slice(4, 4 + rewrite[1]!.length);
      settings.insteadOf.push({ from: redactUrl(value), to: redactUrl(to) });
    } else if (/^credential\.(.+\.)?helper$/.test(key)) {
      settings.credentialHelpers.push(value.split(/\s+/)[0] ?? value);
    } else if (key === "core.sshcommand") {
      settings.sshCommand = redactText(value);
    }
  }
  return settings;
}
