// The go command the tool runs writes the user's files: `go mod download`
// records the go.sum lines it checked and fixes go.mod (modload sets -mod=mod
// for it, get and tidy); in workspace mode it adds lines to go.work.sum. The
// tool changes none of the user's files, so go works on scratch copies:
// -modfile names a copy of go.mod (modload reads and writes it and its .sum
// sibling, while the module root and the replace directories relative to it
// stay where they are); GOWORK names a copy of go.work whose relative paths
// are made absolute (go refuses -modfile in workspace mode).
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { workFileWithAbsolutePaths } from "../context/modfile-text.js";
import { subcommandOf, withFlag } from "./go-args.js";

/** Subcommands that take -modfile (base.AddModCommonFlags, work.AddBuildFlags). */
const TAKES_MODFILE = new Set([
  "mod download", "mod tidy", "mod graph", "mod why", "mod verify", "mod vendor", "mod edit",
  "get", "build", "install", "list", "test", "vet", "run", "generate", "fix", "clean", "fmt",
]);

export interface ScratchInput {
  args: string[];
  /** Where go runs: it prints paths relative to it where that is shorter (base.ShortPath). */
  dir: string;
  /** The directory of the main module's go.mod. */
  moduleRoot?: string;
  /** The go.work in effect (workspace mode). */
  workFile?: string;
  /** The command ignores the current module and workspace (`go install PKG@V`): nothing of the user's is written. */
  moduleOptional: boolean;
  /** GOFLAGS and GO111MODULE as go reads them. */
  goflags: string;
  go111module: string;
}

export interface Scratch {
  /** The go command's arguments (with -modfile naming the go.mod copy). */
  args: string[];
  /** Settings for go's environment (GOWORK naming the go.work copy). */
  env: Record<string, string>;
  /** go's line with the copies' paths put back to the user's files. */
  relabel(line: string): string;
  cleanup(): Promise<void>;
}

/** Which copy go can work on for this command: go.mod by -modfile, go.work by GOWORK, or none. */
export function scratchKind(input: ScratchInput): "modfile" | "workfile" | undefined {
  if (input.moduleOptional || input.go111module === "off") return undefined;
  const sub = subcommandOf(input.args).join(" ");
  if (input.workFile) return TAKES_MODFILE.has(sub) ? "workfile" : undefined;
  if (!input.moduleRoot) return undefined;
  // The user's own -modfile already keeps go off go.mod (and go allows it once).
  if (/(^|\s)--?modfile(=|\s|$)/.test(input.goflags) || input.args.some((a) => /^--?modfile(=|$)/.test(a))) return undefined;
  return TAKES_MODFILE.has(sub) ? "modfile" : undefined;
}

/** Scratch copies for go to write instead of the user's files; undefined where go cannot be pointed at a copy. */
export async function scratchCopies(input: ScratchInput): Promise<Scratch | undefined> {
  const kind = scratchKind(input);
  if (!kind) return undefined;
  const userMain = kind === "workfile" ? input.workFile! : path.join(input.moduleRoot!, "go.mod");
  const userSum = kind === "workfile" ? `${userMain}.sum` : path.join(input.moduleRoot!, "go.sum");
  const dir = await mkdtemp(path.join(tmpdir(), `gomod-doctor-${kind}-`));
  const main = path.join(dir, kind === "workfile" ? "go.work" : "go.mod");
  const sum = kind === "workfile" ? `${main}.sum` : path.join(dir, "go.sum");
  try {
    if (kind === "workfile") {
      const text = await readFile(userMain, "utf8");
      await writeFile(main, workFileWithAbsolutePaths(text, path.dirname(userMain), path.resolve));
    } else {
      await copyFile(userMain, main);
    }
    await copyFile(userSum, sum).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
  } catch {
    // An unreadable go.mod or go.work is go's to report, on the user's file.
    await rm(dir, { recursive: true, force: true });
    return undefined;
  }
  const short = (file: string) => shortPath(input.dir, file);
  // Each form go may print a copy's path in, with what go prints for the user's file; absolute forms first (no relative one is inside them).
  const pairs = [
    [main, userMain],
    [sum, userSum],
  ].flatMap(([copy, user]) => [[copy!, short(user!)], [short(copy!), short(user!)]] as const);
  const marker = path.basename(dir);
  return {
    args: kind === "modfile" ? withFlag(input.args, `-modfile=${main}`) : input.args,
    env: kind === "workfile" ? { GOWORK: main } : {},
    relabel: (line) => (line.includes(marker) ? pairs.reduce((l, [from, to]) => l.replaceAll(from, to), line) : line),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** base.ShortPath: the path relative to go's directory when that is shorter. */
function shortPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel.length < file.length ? rel : file;
}
