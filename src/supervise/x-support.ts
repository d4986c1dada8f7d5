// Whether this go accepts -x for the subcommand being watched. The tool adds
// -x to see fetches, but some subcommands never take it (`go mod verify`,
// `go work sync`) and some only from a later release (`go mod tidy` and
// `go mod graph` before go1.21 reject it with exit 2). The go command's own
// usage line is the authority, whatever its version.
import { execa } from "execa";
import { subcommandOf } from "./go-args.js";

/** Subcommands that have taken -x in every go release that has modules: no need to ask. */
const ALWAYS_X = new Set(["mod download", "build", "install", "get", "list", "test", "run", "vet", "generate"]);

/** The usage line mentions -x itself or the build flags (which include -x). */
export function usageAcceptsX(usage: string): boolean {
  const line = usage.split("\n").find((l) => l.startsWith("usage:")) ?? "";
  return /\[-x\]|build flags|build\/test flags/.test(line);
}

/** The args with an -x that this go would reject removed; unchanged when go says -x is fine or cannot be asked. */
export async function dropUnsupportedX(goBin: string, args: string[], env: NodeJS.ProcessEnv): Promise<string[]> {
  const x = args.indexOf("-x");
  if (x < 0) return args;
  const sub = subcommandOf(args);
  if (ALWAYS_X.has(sub.join(" "))) return args;
  const help = await execa(goBin, ["help", ...sub], { env, extendEnv: false, reject: false, timeout: 10_000, stdin: "ignore" });
  const usage = `${String(help.stdout)}\n${String(help.stderr)}`;
  if (help.exitCode !== 0 || !usage.includes("usage:")) return args;
  return usageAcceptsX(usage) ? args : args.filter((_, i) => i !== x);
}
