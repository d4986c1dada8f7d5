// What decides whether git can authenticate and whether it could prompt:
// git insteadOf rewrites (.netrc: netrc-facts.ts),
// credential helpers, GOAUTH, and the prompt-related variables the user set.
import type { ProcessSettings } from "../context/types.js";
import { redactText } from "../util/redact.js";

export const PROMPT_VARIABLES = ["GIT_TERMINAL_PROMPT", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_ASKPASS", "SSH_ASKPASS", "GCM_INTERACTIVE"] as const;

/** The prompt-related variables as the user set them (redacted). */
export function promptSettings(settings: ProcessSettings): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of PROMPT_VARIABLES) {
    const value = settings[name];
    if (value !== undefined && value !== "") out[name] = redactText(value);
  }
  return out;
}

/**
 * Whether the user's settings undo the go command's no-prompt defaults: go sets
 * GIT_TERMINAL_PROMPT=0 only when unset, GIT_SSH_COMMAND (with BatchMode=yes)
 * only when neither GIT_SSH nor GIT_SSH_COMMAND is set, GCM_INTERACTIVE=never only when unset.
 */
export function canPrompt(settings: ProcessSettings): boolean {
  const terminal = settings.GIT_TERMINAL_PROMPT;
  if (terminal !== undefined && terminal !== "" && !/^(0|false|no|off)$/i.test(terminal)) return true;
  const sshCommand = settings.GIT_SSH_COMMAND;
  if (sshCommand && !/BatchMode[= ]\s*yes/i.test(sshCommand)) return true;
  if (!sshCommand && settings.GIT_SSH) return true; // a program: BatchMode cannot be known
  const gcm = settings.GCM_INTERACTIVE;
  return gcm !== undefined && gcm !== "" && !/^(never|false|0|no)$/i.test(gcm);
}

/** insteadOf rules that touch this host (either side), redacted. */
export function relevantInsteadOf(rules: { from: string; to: string }[], host: string, repo?: string): { from: string; to: string }[] {
  return rules
    .filter((r) => (repo !== undefined && repo.startsWith(r.from)) || r.from.includes(host) || r.to.includes(host))
    .map((r) => ({ from: redactText(r.from), to: redactText(r.to) }));
}
