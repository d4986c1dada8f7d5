// Which go command to run, with -x added where the go command accepts it.
import { ToolError } from "../util/errors.js";

/** Subcommands that take a second word (`go mod download`, `go work sync`). */
const TWO_WORD = new Set(["mod", "work"]);

export const DEFAULT_GO_ARGS = ["mod", "download", "-x", "-json"];

/**
 * `gomod-doctor diagnose -- go mod tidy` gives ["go", "mod", "tidy"]: the
 * leading `go` names the command (the resolved binary replaces it) and `-x`
 * goes right after the subcommand, where go expects its flags.
 */
export function goArgsFrom(command: string[] | undefined): string[] {
  if (!command || command.length === 0) return [...DEFAULT_GO_ARGS];
  const [head, ...rest] = command;
  if (head !== "go" && !/(^|\/)go(\.exe)?$/.test(head ?? "")) {
    throw new ToolError("usage", `the command after -- must be a go command, e.g. -- go mod tidy (got "${head}")`);
  }
  if (rest.length === 0) throw new ToolError("usage", "the go command after -- needs a subcommand, e.g. -- go mod tidy");
  if (rest.includes("-x")) return rest;
  return withFlag(rest, "-x");
}

/** The subcommand's words: `["mod", "download"]`, `["build"]`. */
export function subcommandOf(args: string[]): string[] {
  return args.slice(0, TWO_WORD.has(args[0] ?? "") ? 2 : 1);
}

/** args with flag right after the subcommand, where go expects its flags. */
export function withFlag(args: string[], flag: string): string[] {
  const sub = subcommandOf(args).length;
  return [...args.slice(0, sub), flag, ...args.slice(sub)];
}

/** `go mod download -json` prints module results on stdout; other commands print for the user. */
export function printsModuleJson(args: string[]): boolean {
  return args[0] === "mod" && args[1] === "download" && args.includes("-json");
}

/** Subcommands that run outside any module when given `PATH@VERSION` (go install/run since go1.16/1.17, go mod download, go list -m). */
const MODULE_OPTIONAL = new Set(["install", "run", "mod download", "list"]);

/** Whether this go command works without a go.mod: a module-less subcommand with a `PATH@VERSION` argument. */
export function needsNoModule(args: string[]): boolean {
  const sub = subcommandOf(args).join(" ");
  return MODULE_OPTIONAL.has(sub) && args.some((a) => !a.startsWith("-") && /^[^@\s]+@[^@\s]+$/.test(a));
}
