// One POSIX fix command as a Windows user runs it in PowerShell (5.1 and 7),
// or undefined when there is no faithful translation (the caller then leaves
// it as it is, marked POSIX). Only forms the rules print are translated:
// `VAR=value cmd`, export, unset, echo, curl, grep, printf >> file, the
// ~/.netrc file, and go/git/ssh/nslookup/gomod-doctor with requoted words.
import { assignment, literal, readPosixCommand, type SimpleCommand, type Word } from "./posix-words.js";

export interface PowerShellCommand {
  /** "" when the command has nothing to do on Windows (chmod of the netrc file). */
  text: string;
  /** Variables set with `$env:` for one command: in PowerShell they stay set for the session. */
  sessionVars: string[];
}

/** Native programs whose words need only PowerShell's quoting. */
const SAME_PROGRAMS = new Set(["go", "git", "ssh", "nslookup", "gomod-doctor"]);

/** Safe unquoted in PowerShell's argument mode (no `,` `;` `$` `@` `#` `{` `(` `'` `"` `` ` `` `<` `>` `|` `&` `~` or spaces). */
const PS_BARE = /^[A-Za-z0-9_./:=+\\-][A-Za-z0-9_./:=+\\@%-]*$/;

class Untranslatable extends Error {}

export function toPowerShell(posix: string): PowerShellCommand | undefined {
  const list = readPosixCommand(posix);
  if (!list) return undefined;
  const sessionVars: string[] = [];
  try {
    const parts = list.map((pipeline) => {
      if (pipeline.length === 1) {
        const prefixed = withPrefix(pipeline[0]!, sessionVars);
        if (prefixed !== undefined) return prefixed;
      }
      return pipeline.map((c, i) => stage(c, i > 0)).join(" | ");
    });
    return { text: parts.filter(Boolean).join("; "), sessionVars };
  } catch (error) {
    if (error instanceof Untranslatable) return undefined;
    throw error;
  }
}

/** `A=1 B=2 cmd ...` as `$env:A = '1'; $env:B = '2'; cmd ...`; undefined without assignments. */
function withPrefix(c: SimpleCommand, sessionVars: string[]): string | undefined {
  const assigns: string[] = [];
  let at = 0;
  for (; at < c.words.length; at++) {
    const a = assignment(c.words[at]!);
    if (!a) break;
    assigns.push(`$env:${a.name} = ${psValue(a.value)}`);
    sessionVars.push(a.name);
  }
  if (assigns.length === 0) return undefined;
  if (at === c.words.length) throw new Untranslatable(); // a shell variable, not the environment
  return [...assigns, stage({ ...c, words: c.words.slice(at) }, false)].join("; ");
}

/** One command of a pipeline; `piped`: it reads the previous command's output. */
function stage(c: SimpleCommand, piped: boolean): string {
  const [head, ...args] = c.words;
  const name = literal(head!);
  if (c.redirect) {
    if (name === "printf" && !piped) return printfToFile(args, c.redirect);
    throw new Untranslatable();
  }
  if (name === undefined) {
    const only = head!.length === 1 ? head![0] : undefined;
    const editor = only?.kind === "var" && (only.name === "EDITOR" || only.name === "VISUAL");
    if (editor && args.length === 1) return `notepad ${psWord(args[0]!)}`;
    throw new Untranslatable();
  }
  if (assignment(head!)) throw new Untranslatable(); // `A=1 cmd` inside a pipeline
  switch (name) {
    case "export":
      if (piped || args.length === 0) throw new Untranslatable();
      return args
        .map((w) => {
          const a = assignment(w);
          if (!a) throw new Untranslatable();
          return `$env:${a.name} = ${psValue(a.value)}`;
        })
        .join("; ");
    case "unset": {
      if (piped || args.length === 0) throw new Untranslatable();
      // Windows' environment ignores case: HTTPS_PROXY and https_proxy are one variable.
      const byCase = new Map<string, string>();
      for (const n of args.map((w) => literal(w) ?? "")) if (!byCase.has(n.toUpperCase())) byCase.set(n.toUpperCase(), n);
      const names = [...byCase.values()];
      if (names.some((n) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(n))) throw new Untranslatable();
      return `Remove-Item ${names.map((n) => `Env:${n}`).join(", ")} -ErrorAction SilentlyContinue`;
    }
    case "echo":
      if (piped || args.some((w) => literal(w)?.startsWith("-"))) throw new Untranslatable();
      return ["echo", ...args.map(psWord)].join(" ");
    case "curl":
      // PowerShell 5.1 names Invoke-WebRequest `curl`: curl.exe (Windows 10+) is the real one.
      return ["curl.exe", ...args.map(nativeWord)].join(" ");
    case "grep":
      return grep(args, piped);
    case "env":
      // cmd's `set` prints the environment as NAME=value lines, as env does.
      if (piped || args.length > 0) throw new Untranslatable();
      return "cmd /c set";
    case "cat":
      if (piped || args.length === 0) throw new Untranslatable();
      return `Get-Content ${args.map(psWord).join(", ")}`;
    case "which":
      // Every go on PATH, in order; `where` alone is Where-Object in PowerShell.
      if (piped || args.length !== 2 || literal(args[0]!) !== "-a") throw new Untranslatable();
      return `where.exe ${nativeWord(args[1]!)}`;
    case "ls":
      return list(args, piped);
    case "rm":
      return remove(args, piped);
    case "chmod":
      // Windows has no mode bits; a file in the user's profile is private to the user already.
      if (!piped && args.length === 2 && literal(args[0]!) === "600" && isNetrc(args[1]!)) return "";
      throw new Untranslatable();
    default:
      if (!SAME_PROGRAMS.has(name)) throw new Untranslatable();
      return [name, ...args.map(nativeWord)].join(" ");
  }
}

/** `ls -la DIR...` (a directory's entries, hidden ones too) and `ls -ld PATH...` (the entry itself). */
function list(args: Word[], piped: boolean): string {
  const [flags, ...paths] = args.map((w) => literal(w));
  if (piped || paths.length === 0 || paths.some((p) => p === undefined || p.startsWith("-"))) throw new Untranslatable();
  const cmdlet = flags === "-la" || flags === "-al" ? "Get-ChildItem -Force" : flags === "-ld" || flags === "-dl" ? "Get-Item -Force" : undefined;
  if (!cmdlet) throw new Untranslatable();
  return `${cmdlet} ${args.slice(1).map(psWord).join(", ")}`;
}

/** `rm -f|-rf PATH...` as Remove-Item, whose -Path takes the same `*` and `?` wildcards. */
function remove(args: Word[], piped: boolean): string {
  const flags = args[0] ? literal(args[0]) : undefined;
  const paths = args.slice(1);
  if (piped || !flags || !/^-(?:f|rf|fr)$/.test(flags) || paths.length === 0) throw new Untranslatable();
  const words = paths.map((w) => {
    // `[` and `]` are wildcards too for -Path: not in a POSIX literal.
    if (w.some((s) => s.kind === "lit" && /[[\]`]/.test(s.text))) throw new Untranslatable();
    return w.some((s) => s.kind === "glob") ? expandable(w, true) : psWord(w);
  });
  // rm -f says nothing about a missing file; Remove-Item would.
  return `Remove-Item ${flags.includes("r") ? "-Recurse " : ""}-Force -ErrorAction SilentlyContinue ${words.join(", ")}`;
}

/** `grep [-n] [-i] [-E|-F] [-r --include=GLOB] PATTERN [FILE|DIR]` as Select-String. */
function grep(args: Word[], piped: boolean): string {
  let ignoreCase = false;
  let mode: "basic" | "extended" | "fixed" = "basic";
  let recursive = false;
  let include: string | undefined;
  const rest: string[] = [];
  for (const w of args) {
    const text = literal(w);
    if (text === undefined) {
      rest.push(psWord(w)); // `"$(go env GOENV)"`: same in PowerShell
      continue;
    }
    // GNU grep takes options after the pattern too.
    if (/^-[niEFr]+$/.test(text)) {
      for (const flag of text.slice(1)) {
        if (flag === "i") ignoreCase = true;
        else if (flag === "E") mode = "extended";
        else if (flag === "F") mode = "fixed";
        else if (flag === "r") recursive = true;
      }
    } else if (text.startsWith("--include=")) {
      include = text.slice("--include=".length);
    } else if (text.startsWith("-")) {
      throw new Untranslatable();
    } else {
      rest.push(rest.length === 0 ? psQuote(dotNetPattern(text, mode)) : psWord(w));
    }
  }
  const [pattern, ...files] = rest;
  if (pattern === undefined || files.length > 1 || (include && !recursive)) throw new Untranslatable();
  // Select-String ignores case unless told; grep does not unless -i.
  const options = `${mode === "fixed" ? " -SimpleMatch" : ""}${ignoreCase ? "" : " -CaseSensitive"}`;
  if (recursive) {
    if (piped || files.length !== 1) throw new Untranslatable();
    return `Get-ChildItem -Path ${files[0]} -Recurse -File${include ? ` -Filter ${psQuote(include)}` : ""} | Select-String -Pattern ${pattern}${options}`;
  }
  if (files.length === 0 && !piped) throw new Untranslatable(); // would read the console
  if (files.length === 1 && piped) throw new Untranslatable();
  return `Select-String -Pattern ${pattern}${files.length ? ` -Path ${files[0]}` : ""}${options}`;
}

/** A grep pattern as a .NET regular expression: basic regexps take `+?(){}|` literally; backslashes and classes are not translated. */
function dotNetPattern(p: string, mode: "basic" | "extended" | "fixed"): string {
  if (mode === "fixed") return p;
  if (/[\\[]/.test(p)) throw new Untranslatable();
  return mode === "basic" ? p.replace(/[+?(){}|]/g, (c) => `\\${c}`) : p;
}

/** `printf 'TEXT\n' >> FILE` as Add-Content (Set-Content for `>`). */
function printfToFile(args: Word[], redirect: NonNullable<SimpleCommand["redirect"]>): string {
  const format = args.length === 1 ? literal(args[0]!) : undefined;
  if (format === undefined || !format.endsWith("\\n")) throw new Untranslatable();
  const line = format.slice(0, -2);
  if (/[%\\]/.test(line)) throw new Untranslatable();
  return `${redirect.append ? "Add-Content" : "Set-Content"} -Path ${psWord(redirect.target)} -Value ${psQuote(line)}`;
}

/** Whether a word names the netrc file (~/.netrc or a path the probe found). */
function isNetrc(w: Word): boolean {
  if (w.length === 2 && w[0]!.kind === "home" && literal(w.slice(1)) === "/.netrc") return true;
  return /[/\\][._]netrc$/.test(literal(w) ?? "");
}

/**
 * A word passed to a native program: PowerShell 5.1 drops empty arguments,
 * mangles embedded double quotes, and wraps an argument with a space in
 * quotes that a trailing backslash then escapes.
 */
function nativeWord(w: Word): string {
  const text = literal(w);
  if (text === "" || text?.includes('"') || (text !== undefined && /\s/.test(text) && text.endsWith("\\"))) throw new Untranslatable();
  return psWord(w);
}

/** A value on the right of `$env:X =`: always a string (a bare word there would run a command). */
function psValue(w: Word): string {
  const text = literal(w);
  return text === undefined ? expandable(w) : psQuote(text, true);
}

/** A word in PowerShell: bare when safe, single-quoted when literal, double-quoted when it expands. */
export function psWord(w: Word): string {
  if (isNetrc(w) && w[0]!.kind === "home") return "$HOME\\_netrc";
  const text = literal(w);
  if (text === undefined) return expandable(w);
  if (text === "/dev/null") return "NUL";
  // No /tmp, /etc ... on Windows: an absolute POSIX path is not the same file there.
  if (text.startsWith("/")) throw new Untranslatable();
  return psQuote(text);
}

/** Single quotes unless the text is safe bare; `'` doubled inside, PowerShell's only escape in single quotes. */
export function psQuote(text: string, always = false): string {
  if (!always && PS_BARE.test(text)) return text;
  return `'${text.replace(/'/g, "''")}'`;
}

/** A double-quoted PowerShell string: `$NAME` -> `$env:NAME` (`$HOME` -> `$HOME`), `$(go env X)` kept, literal text escaped. */
function expandable(w: Word, globs = false): string {
  let out = "";
  w.forEach((s, i) => {
    const next = w[i + 1];
    // A following letter would be read as part of the name: braces end it.
    const glued = next?.kind === "lit" && /^[A-Za-z0-9_:?]/.test(next.text);
    if (s.kind === "lit") out += s.text.replace(/[`"$]/g, (c) => `\`${c}`);
    else if (s.kind === "sub") out += `$(${s.command})`;
    else if (s.kind === "glob") {
      if (!globs) throw new Untranslatable(); // PowerShell expands no wildcard for a native program
      out += s.text;
    }
    else if (s.kind === "home") {
      if (i !== 0) throw new Untranslatable();
      out += glued ? "${HOME}" : "$HOME";
    } else {
      if (s.fallback !== undefined) throw new Untranslatable();
      const name = s.name === "HOME" ? "HOME" : `env:${s.name}`;
      out += glued ? `\${${name}}` : `$${name}`;
    }
  });
  if (w[0]?.kind === "lit" && w[0].text.startsWith("/") && !w[0].quoted) throw new Untranslatable();
  return `"${out}"`;
}
