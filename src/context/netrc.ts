// .netrc as the go command reads it (cmd/go/internal/auth/netrc.go): which
// machines have credentials. Passwords are never returned, only their presence.
import path from "node:path";

export interface NetrcEntry {
  machine: string;
  login?: string;
  hasPassword: boolean;
}

export function netrcPath(env: NodeJS.ProcessEnv, home: string): string {
  if (env.NETRC) return env.NETRC;
  return path.join(home, process.platform === "win32" ? "_netrc" : ".netrc");
}

function tokens(text: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : m[2]!);
  return out;
}

export function parseNetrc(text: string): NetrcEntry[] {
  const entries: NetrcEntry[] = [];
  let current: NetrcEntry | undefined;
  // macdef bodies run to the next blank line and are not tokens.
  const withoutMacros = text.replace(/(^|\s)macdef\s+\S+[^\n]*\n(?:[^\n]+\n?)*?(?:\n|$)/g, "$1");
  const list = tokens(withoutMacros);
  for (let i = 0; i < list.length; i++) {
    const tok = list[i];
    if (tok === "machine") {
      current = { machine: list[++i] ?? "", hasPassword: false };
      entries.push(current);
    } else if (tok === "default") {
      // The go command ignores `default` (it would send credentials anywhere).
      current = undefined;
    } else if (tok === "login" && current) {
      const login = list[++i];
      if (login !== undefined) current.login = login;
    } else if ((tok === "password" || tok === "account") && current) {
      i++;
      if (tok === "password") current.hasPassword = true;
    } else if (tok === "password" || tok === "login" || tok === "account") {
      i++;
    }
  }
  return entries.filter((e) => e.machine !== "");
}
