// .netrc as the go command reads it: golang/go cmd/go/internal/auth/netrc.go
// (same parser go1.19..go1.23). Its rules differ from curl's (which git uses):
// - tokens are whitespace-separated fields, read in pairs within each line
//   (keyword, value); quotes are NOT special: `"x"` is the three characters;
// - an entry counts only once machine, login AND password are all set;
//   `account` is ignored;
// - `macdef` skips the following lines up to the first empty line;
// - a line whose unpaired last field is `default` ends the file for go;
//   `default` elsewhere is ignored (and never used as a fallback);
// - go sends the first complete entry whose machine equals the request's
//   host name (no port).
// Passwords are never returned, only whether one is set.
import path from "node:path";

export interface NetrcEntry {
  machine: string;
  login?: string;
  hasPassword: boolean;
  /** go uses this entry (machine, login and password all set); curl/git may still use an incomplete one. */
  usedByGo: boolean;
}

/** $NETRC when non-empty, else ~/.netrc (~/_netrc on Windows); go reads no other file. */
export function netrcPath(env: NodeJS.ProcessEnv, home: string): string {
  if (env.NETRC) return env.NETRC;
  return path.join(home, process.platform === "win32" ? "_netrc" : ".netrc");
}

/** unicode.IsSpace, as strings.Fields splits. */
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

export function parseNetrc(text: string): NetrcEntry[] {
  const out: NetrcEntry[] = [];
  let machine = "";
  let login = "";
  let hasPassword = false;
  const flushIncomplete = (): void => {
    if (machine !== "") out.push({ machine, ...(login ? { login } : {}), hasPassword, usedByGo: false });
  };
  let inMacro = false;
  for (const line of text.split("\n")) {
    if (inMacro) {
      if (line === "") inMacro = false;
      continue;
    }
    const f = line.split(GO_SPACE).filter((t) => t !== "");
    let i = 0;
    for (; i < f.length - 1; i += 2) {
      const value = f[i + 1]!;
      switch (f[i]) {
        case "machine":
          flushIncomplete();
          machine = value;
          login = "";
          hasPassword = false;
          break;
        case "login":
          login = value;
          break;
        case "password":
          hasPassword = value !== "";
          break;
        case "macdef":
          inMacro = true;
          break;
      }
      if (machine !== "" && login !== "" && hasPassword) {
        out.push({ machine, login, hasPassword: true, usedByGo: true });
        machine = "";
        login = "";
        hasPassword = false;
      }
    }
    if (i < f.length && f[i] === "default") {
      return finish();
    }
  }
  return finish();

  function finish(): NetrcEntry[] {
    flushIncomplete();
    return out;
  }
}

/** The entry go would use for a host, if any. */
export function netrcEntryFor(entries: NetrcEntry[], host: string): NetrcEntry | undefined {
  return entries.find((e) => e.usedByGo && e.machine === host);
}
