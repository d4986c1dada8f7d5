// The command line: parses, resolves options once, runs one command, renders
// its result, and sets process.exitCode. Nothing else prints. Commands load
// lazily so `--version` and `explain` stay fast.
import { Command, CommanderError, Option } from "commander";
import { isToolError, ToolError } from "./util/errors.js";
import { toolVersion } from "./version.js";
import { writeToolError } from "./output.js";
import { outputMode, type OutputMode } from "./output-mode.js";

const EXAMPLES = `
Examples:
  gomod-doctor diagnose                      run go mod download under watch, diagnose a stall or failure
  gomod-doctor diagnose ./svc --stall-timeout 10
  gomod-doctor diagnose -- go mod tidy       watch another go command (-x is added)
  gomod-doctor probe --json                  the probes alone: a CI pre-flight
  gomod-doctor analyze build.log             diagnose a saved go log (- reads stdin)
  gomod-doctor explain GMD101                the long form of one finding

Exit codes: 0 ok, 1 failed and diagnosed (probe: a blocker found), 2 could not run,
            3 stalled and diagnosed, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).`;

function commonOptions(cmd: Command): Command {
  return cmd
    .option("--json", "print the report as one JSON document on stdout")
    .option("--ndjson", "print live events and the final report as JSON lines on stdout")
    .option("--probe-timeout <seconds>", "deadline for the whole probe suite (seconds, or a duration: 10s, 1m)", "5")
    .option("--go <path>", "the go command to use (default: go on PATH)")
    .option("--mirrors", "also measure public module mirrors (never sent your module paths)")
    .option("--no-mirrors", "do not measure the public module mirrors (probe measures them by default)")
    .addOption(new Option("--mirror <url...>", "mirror URLs to measure instead of the defaults").hideHelp())
    .option("-v, --verbose", "show every probe and the live trace summary")
    .option("--no-color", "no colour (NO_COLOR and FORCE_COLOR are honoured too)")
    .addOption(new Option("--debug", "show stack traces of internal errors").hideHelp());
}

/** Splits `... -- go mod tidy` off before commander sees it. */
export function splitGoCommand(argv: string[]): { toolArgs: string[]; goCommand?: string[] } {
  const at = argv.indexOf("--");
  if (at < 0) return { toolArgs: argv };
  return { toolArgs: argv.slice(0, at), goCommand: argv.slice(at + 1) };
}

/** How a tool error is printed: --json and --ndjson together is itself an error, shown as --json's document. */
function errorMode(argv: string[]): OutputMode {
  try {
    return outputMode({ json: argv.includes("--json"), ndjson: argv.includes("--ndjson") });
  } catch {
    return "json";
  }
}

export async function main(argv: string[]): Promise<number> {
  const { toolArgs, goCommand } = splitGoCommand(argv);
  const errorOutput = errorMode(toolArgs);
  let exitCode = 0;
  const program = new Command("gomod-doctor")
    .description("Find out why `go mod download` hangs or fails, and how to fix it.")
    .version(toolVersion(), "-V, --version")
    .showSuggestionAfterError(true)
    .addHelpText("after", EXAMPLES)
    .exitOverride()
    // Usage errors are printed below, as one line (or one JSON document); help still goes to stderr.
    .configureOutput({ writeErr: (s) => process.stderr.write(s), outputError: () => undefined });

  commonOptions(
    program
      .command("diagnose")
      .description("run go mod download -x under watch; on a stall or failure, probe and diagnose")
      .argument("[dir]", "the Go module directory", ".")
      .option("--stall-timeout <seconds>", "no progress for this long is a stall (seconds, or a duration: 90s, 2m)", "30")
      .option("--slow-threshold <rate>", "a download below this rate is reported slow (e.g. 50k, 1m)", "50k")
      .option("--timeout <seconds>", "end the whole run after this long (seconds, or a duration: 10m)")
      .option("--keep-going", "on a stall, diagnose but leave the go command running"),
  ).action(async (dir: string, flags: Record<string, unknown>) => {
    const { diagnoseCommand } = await import("./commands/diagnose-command.js");
    exitCode = await diagnoseCommand(dir, goCommand, flags);
  });

  commonOptions(
    program
      .command("probe")
      .description("the probes alone, without a download: a fast CI pre-flight")
      .argument("[dir]", "the Go module directory", "."),
  ).action(async (dir: string, flags: Record<string, unknown>) => {
    const { probeCommand } = await import("./commands/probe-command.js");
    exitCode = await probeCommand(dir, flags);
  });

  commonOptions(
    program
      .command("analyze")
      .description("diagnose a saved go log (-x trace, go build/get/tidy output); - reads stdin")
      .argument("[file]", "the log file, or - for standard input", "-")
      .option("-C, --dir <dir>", "the module the log belongs to (for --probe)", ".")
      .option("--stall-timeout <seconds>", "in a timestamped log, no progress for this long is a stall", "30")
      .option("--probe", "also run the probes against this machine's settings"),
  ).action(async (file: string, flags: Record<string, unknown>) => {
    const { analyzeCommand } = await import("./commands/analyze-command.js");
    exitCode = await analyzeCommand(file, flags);
  });

  program
    .command("explain")
    .description("the long form of one finding code (or all of them with --list)")
    .argument("[code]", "a finding code such as GMD101, or its name")
    .option("--list", "list every finding code")
    .option("--json", "print as JSON")
    .action(async (code: string | undefined, flags: { list?: boolean; json?: boolean }) => {
      const { explainCommand } = await import("./commands/explain-command.js");
      exitCode = await explainCommand(code, flags);
    });

  if (goCommand && toolArgs[0] !== "diagnose") {
    throw new ToolError("usage", "a go command after -- is only for diagnose (e.g. gomod-doctor diagnose -- go mod tidy)");
  }

  try {
    await program.parseAsync(toolArgs, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0; // --help, --version
      if (error.code === "commander.help") return 2; // help shown for a missing command: already on stderr
      writeToolError(new ToolError("usage", usageLine(error.message)), errorOutput);
      return 2;
    }
    throw error;
  }
  return exitCode;
}

/** commander's message on one line: `unknown command 'frob' (did you mean probe?)`. */
export function usageLine(message: string): string {
  return message
    .replace(/^error: /, "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.replace(/^\(Did you mean/, "(did you mean"))
    .join(" ");
}

/**
 * A reader that goes away (`gomod-doctor … | head`) is not a failure of the
 * tool: later writes are dropped, and the run still ends as it should (the
 * go process tree it started is ended by the normal path, not abandoned).
 */
function ignoreClosedReaders(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") process.exitCode = 2;
    });
  }
}

export async function run(): Promise<void> {
  ignoreClosedReaders();
  const argv = process.argv.slice(2);
  const mode = errorMode(argv);
  try {
    process.exitCode = await main(argv);
  } catch (error) {
    if (isToolError(error)) {
      writeToolError(error, mode);
      process.exitCode = 2;
      return;
    }
    const debug = argv.includes("--debug");
    const message = error instanceof Error ? error.message : String(error);
    writeToolError(new ToolError("bad-input", `internal error: ${message}`), mode);
    if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 2;
  }
}

