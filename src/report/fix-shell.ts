// Fix commands for the shell of the machine a report is about: the rules write
// POSIX shell; for Windows (a log that shows it, or a run there) each fix is
// rewritten for PowerShell, or left whole in POSIX form, marked so, when one
// of its commands has no faithful translation (a fix's commands go together).
import type { Finding, Fix, Shell } from "./schema.js";
import { toPowerShell } from "./powershell.js";

const POSIX_NOTE = "These commands are for a POSIX shell (Git Bash or WSL on Windows): there is no PowerShell form of them here.";

/** The shell of the machine this process runs on, for diagnose and probe. */
export function hostShell(platform: NodeJS.Platform = process.platform): Shell {
  return platform === "win32" ? "powershell" : "posix";
}

/** This machine's OS where the rules' fixes depend on it (the TLS trust store), for diagnose and probe. */
export function hostOs(platform: NodeJS.Platform = process.platform): { os?: "windows" | "darwin" } {
  return platform === "win32" ? { os: "windows" } : platform === "darwin" ? { os: "darwin" } : {};
}

const POWERSHELL_NOTE = "These commands are for PowerShell (they ask Windows itself): run them in a PowerShell window, not in Git Bash.";

export function findingsForShell(findings: Finding[], shell: Shell): Finding[] {
  // A POSIX report about a Windows machine (a Git Bash log): a fix written for PowerShell stays so, and says where to run it.
  if (shell === "posix") return findings.some((f) => f.fixes.some((x) => x.shell === "powershell")) ? findings.map((f) => ({ ...f, fixes: f.fixes.map(markPowerShell) })) : findings;
  return findings.map((f) => ({ ...f, fixes: f.fixes.map(fixForPowerShell) }));
}

function markPowerShell(fix: Fix): Fix {
  return fix.shell === "powershell" ? { ...fix, caution: [fix.caution, POWERSHELL_NOTE].filter(Boolean).join(" ") } : fix;
}

export function fixForPowerShell(fix: Fix): Fix {
  // Written for PowerShell by its rule (a Windows-only fix): kept as it is.
  if (fix.shell === "powershell") {
    const { shell: _written, ...rest } = fix;
    return rest;
  }
  const translated = fix.commands.map(toPowerShell);
  if (translated.some((t) => t === undefined)) {
    return { ...fix, caution: [fix.caution, POSIX_NOTE].filter(Boolean).join(" "), shell: "posix" };
  }
  const commands = translated.map((t) => t!.text).filter((t) => t !== "");
  const session = [...new Set(translated.flatMap((t) => t!.sessionVars))];
  const netrc = fix.commands.some((c) => c.includes("~/.netrc"));
  const words = (text: string) => (netrc ? text.replace(/~\/\.netrc/g, "$HOME\\_netrc") : text);
  const notes = [
    fix.caution ? words(fix.caution) : undefined,
    netrc ? "go on Windows reads %USERPROFILE%\\_netrc ($HOME\\_netrc in PowerShell), or the file NETRC names." : undefined,
    session.length > 0
      ? `In PowerShell \`$env:${session[0]} = ...\` stays set for the rest of the session: close the window or run \`Remove-Item ${session.map((v) => `Env:${v}`).join(", ")}\` when done.`
      : undefined,
  ].filter(Boolean);
  return { summary: words(fix.summary), commands, ...(notes.length ? { caution: notes.join(" ") } : {}) };
}
