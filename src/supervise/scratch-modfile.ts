// The go command the tool runs writes the user's go.mod and go.sum: `go mod
// download` records the go.sum lines it checked and fixes go.mod (modload
// sets -mod=mod for it, get and tidy). The tool changes none of the user's
// files, so go works on a scratch copy named by -modfile: modload reads and
// writes that file and its .sum sibling, while the module root, and the
// replace directories relative to it, stay where they are.
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { subcommandOf, withFlag } from "./go-args.js";

/** Subcommands that take -modfile (base.AddModCommonFlags, work.AddBuildFlags). */
const TAKES_MODFILE = new Set([
  "mod download", "mod tidy", "mod graph", "mod why", "mod verify", "mod vendor", "mod edit",
  "get", "build", "install", "list", "test", "vet", "run", "generate", "fix", "clean", "fmt",
]);

export interface ScratchModfileInput {
  args: string[];
  /** Where go runs: it prints paths relative to it where that is shorter (base.ShortPath). */
  dir: string;
  /** The directory of the main module's go.mod. */
  moduleRoot?: string;
  /** A go.work in effect: go refuses -modfile in workspace mode. */
  workFile?: string;
  /** The command ignores the current module (`go install PKG@V`): go refuses -modfile there too. */
  moduleOptional: boolean;
  /** GOFLAGS and GO111MODULE as go reads them. */
  goflags: string;
  go111module: string;
}

export interface ScratchModfile {
  /** The go command's arguments with -modfile naming the copy. */
  args: string[];
  /** go's line with the copy's paths put back to the user's go.mod and go.sum. */
  relabel(line: string): string;
  cleanup(): Promise<void>;
}

/** Whether go will take -modfile for this command in this module. */
export function canUseScratchModfile(input: ScratchModfileInput): boolean {
  if (!input.moduleRoot || input.workFile || input.moduleOptional || input.go111module === "off") return false;
  // The user's own -modfile already keeps go off go.mod (and go allows it once).
  if (/(^|\s)--?modfile(=|\s|$)/.test(input.goflags) || input.args.some((a) => /^--?modfile(=|$)/.test(a))) return false;
  return TAKES_MODFILE.has(subcommandOf(input.args).join(" "));
}

/** A scratch copy of go.mod (and go.sum, when there is one) for go to work on; undefined where go would refuse -modfile. */
export async function scratchModfile(input: ScratchModfileInput): Promise<ScratchModfile | undefined> {
  if (!canUseScratchModfile(input)) return undefined;
  const root = input.moduleRoot!;
  const dir = await mkdtemp(path.join(tmpdir(), "gomod-doctor-modfile-"));
  const mod = path.join(dir, "go.mod");
  const sum = path.join(dir, "go.sum");
  try {
    await copyFile(path.join(root, "go.mod"), mod);
    await copyFile(path.join(root, "go.sum"), sum).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
  } catch {
    // An unreadable go.mod is go's to report, on the user's file.
    await rm(dir, { recursive: true, force: true });
    return undefined;
  }
  const short = (file: string) => shortPath(input.dir, file);
  // Each form go may print the copy's path in, with what go prints for the user's file; absolute forms first (no relative one is inside them).
  const pairs = [mod, sum].flatMap((copy) => {
    const user = short(path.join(root, path.basename(copy)));
    return [[copy, user], [short(copy), user]] as const;
  });
  const marker = path.basename(dir);
  return {
    args: withFlag(input.args, `-modfile=${mod}`),
    relabel: (line) => (line.includes(marker) ? pairs.reduce((l, [from, to]) => l.replaceAll(from, to), line) : line),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** base.ShortPath: the path relative to go's directory when that is shorter. */
function shortPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel.length < file.length ? rel : file;
}
