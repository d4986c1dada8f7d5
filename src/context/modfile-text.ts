// A lenient reading of go.mod / go.work text, for when the local go rejects
// only syntax newer than itself (go1.19 meeting `go 1.22.1` or a `toolchain`
// line). The file is fine; the go command is old. go's own parser stays the
// authority for everything else: this is used only after it has spoken.
import type { ModFile, Replacement, Requirement } from "./types.js";
import { isLocalPath } from "./modfile.js";

/**
 * An older go meeting a directive a newer go added: toolchain (go1.21),
 * godebug (go1.23), tool (go1.24), ignore (go1.25). Every go since go1.21
 * switches toolchains first, so it prints this only under GOTOOLCHAIN=local.
 */
export const NEWER_DIRECTIVE = /unknown (?:directive|block type): (?:toolchain|godebug|tool|ignore)\b/;

/** The complaints of an older go about syntax that a newer go reads. */
const NEWER_SYNTAX = [/invalid go version '[^']*': must match format/, NEWER_DIRECTIVE];

/**
 * Whether every error go printed for the file is about newer syntax.
 * `stderr` is go's: "go: errors parsing go.mod:" then "FILE:LINE: message" lines.
 */
export function onlyNewerSyntax(stderr: string): boolean {
  const problems = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !/^go: errors parsing go\.(mod|work):$/.test(l));
  return problems.length > 0 && problems.every((l) => /:\d+: /.test(l) && NEWER_SYNTAX.some((re) => re.test(l)));
}

interface Line {
  verb: string;
  args: string[];
  comment: string;
}

/** modfile's tokens: words, "quoted" and `raw` strings; `//` starts a comment. */
function tokens(text: string): { words: string[]; comment: string } {
  const words: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\r") {
      i++;
    } else if (text.startsWith("//", i)) {
      return { words, comment: text.slice(i + 2).trim() };
    } else if (c === '"' || c === "`") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += c === '"' && text[j] === "\\" ? 2 : 1;
      const raw = text.slice(i, j + 1);
      words.push(c === '"' ? (JSON.parse(raw.endsWith('"') ? raw : `${raw}"`) as string) : raw.slice(1, -1));
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s"`]/.test(text[j]!) && !text.startsWith("//", j)) j++;
      words.push(text.slice(i, j));
      i = j;
    }
  }
  return { words, comment: "" };
}

/** modfile.AutoQuote: a word go would not read back bare is written quoted. */
function autoQuote(word: string): string {
  return word === "" || /[\s"`'(),]|\/\/|\/\*/.test(word) ? JSON.stringify(word) : word;
}

/**
 * go.work text with every relative `use` directory and local `replace` target
 * made absolute against dir: the same workspace, read from a copy elsewhere.
 * Other lines are kept as written.
 */
export function workFileWithAbsolutePaths(text: string, dir: string, resolve: (dir: string, p: string) => string): string {
  let block: string | undefined;
  return text
    .split("\n")
    .map((raw) => {
      let parsed: { words: string[]; comment: string };
      try {
        parsed = tokens(raw);
      } catch {
        return raw;
      }
      const { words, comment } = parsed;
      let verb: string | undefined;
      let args = words;
      if (block !== undefined) {
        if (words[0] === ")") block = undefined;
        else verb = block;
      } else if (words.length === 2 && words[1] === "(") {
        block = words[0];
      } else {
        verb = words[0];
        args = words.slice(1);
      }
      // A `use` directory is always a path; a `replace` target only when it looks like one (modfile.IsDirectoryPath).
      const at = verb === "use" ? 0 : verb === "replace" && args.includes("=>") ? args.indexOf("=>") + 1 : -1;
      const target = at >= 0 ? args[at] : undefined;
      const relative = target !== undefined && !/^([\\/]|[A-Za-z]:[\\/])/.test(target) && (verb === "use" || isLocalPath(target));
      if (!relative) return raw;
      const rewritten = args.map((w, i) => autoQuote(i === at ? resolve(dir, w) : w));
      const indent = /^\s*/.exec(raw)![0];
      const head = block !== undefined && verb === block ? "" : `${verb} `;
      return `${indent}${head}${rewritten.join(" ")}${comment ? ` // ${comment}` : ""}`;
    })
    .join("\n");
}

/** Directives with blocks (`require (` ... `)`) flattened to one Line each. */
export function directives(text: string): Line[] {
  const out: Line[] = [];
  let block: string | undefined;
  for (const raw of text.split("\n")) {
    let parsed: { words: string[]; comment: string };
    try {
      parsed = tokens(raw);
    } catch {
      continue; // a bad escape in a quoted string: go has already named it, if it matters
    }
    const { words, comment } = parsed;
    if (block !== undefined) {
      if (words[0] === ")") block = undefined;
      else if (words.length > 0) out.push({ verb: block, args: words, comment });
      continue;
    }
    if (words.length === 0) continue;
    if (words.length === 2 && words[1] === "(") block = words[0];
    else out.push({ verb: words[0]!, args: words.slice(1), comment });
  }
  return out;
}

function replacement(args: string[]): Replacement | undefined {
  const arrow = args.indexOf("=>");
  if (arrow < 1) return undefined;
  const [oldPath, oldVersion] = args.slice(0, arrow);
  const [newPath, newVersion] = args.slice(arrow + 1);
  if (!oldPath || !newPath) return undefined;
  return {
    oldPath,
    ...(oldVersion ? { oldVersion } : {}),
    newPath,
    ...(newVersion ? { newVersion } : {}),
    local: isLocalPath(newPath),
  };
}

/** go.mod text read leniently: the directives the rules use; unknown ones are skipped. */
export function lenientModFile(text: string): ModFile {
  const mod: ModFile = { module: "", require: [], replace: [], exclude: [] };
  for (const { verb, args, comment } of directives(text)) {
    if (verb === "module" && args[0]) mod.module = args[0];
    else if (verb === "go" && args[0]) mod.go = args[0];
    else if (verb === "toolchain" && args[0]) mod.toolchain = args[0];
    else if (verb === "require" && args.length >= 2) {
      const req: Requirement = { path: args[0]!, version: args[1]!, indirect: /^indirect(;|$)/.test(comment) };
      mod.require.push(req);
    } else if (verb === "replace") {
      const r = replacement(args);
      if (r) mod.replace.push(r);
    } else if (verb === "exclude" && args.length >= 2) mod.exclude.push({ path: args[0]!, version: args[1]! });
  }
  return mod;
}

export interface WorkFile {
  go?: string;
  toolchain?: string;
  /** `use` directories as written (relative to go.work's directory, or absolute). */
  use: string[];
  replace: Replacement[];
}

/** go.work text read leniently (same reason as lenientModFile). */
export function lenientWorkFile(text: string): WorkFile {
  const work: WorkFile = { use: [], replace: [] };
  for (const { verb, args } of directives(text)) {
    if (verb === "go" && args[0]) work.go = args[0];
    else if (verb === "toolchain" && args[0]) work.toolchain = args[0];
    else if (verb === "use" && args[0]) work.use.push(args[0]);
    else if (verb === "replace") {
      const r = replacement(args);
      if (r) work.replace.push(r);
    }
  }
  return work;
}
