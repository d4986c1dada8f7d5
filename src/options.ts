// Flags, environment, interactivity, colour and output mode, resolved once
// into one immutable, validated object. Bad values become ToolError("usage").
// zod/mini: the flags are checked before go starts, and the full zod costs
// tens of milliseconds more to load (the report schema loads it after the run).
import { z } from "zod/mini";
import { ToolError } from "./util/errors.js";

import { outputMode, type OutputMode } from "./output-mode.js";

export { outputMode, type OutputMode };

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Milliseconds in a flag value: a number of seconds (`30`, `0.5`) or a Go
 * duration (`30s`, `2m`, `1m30s`, `500ms`), the way a Go developer writes
 * one. Undefined for anything else.
 */
export function durationMs(raw: string): number | undefined {
  if (/^\d+(?:\.\d+)?$|^\.\d+$/.test(raw)) return Number(raw) * 1000;
  if (!/^(?:\d+(?:\.\d+)?(?:ms|h|m|s))+$/.test(raw)) return undefined;
  let ms = 0;
  for (const [, n, unit] of raw.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) ms += Number(n) * UNIT_MS[unit!]!;
  return ms;
}

const seconds = (flag: string, min: number) =>
  z.pipe(
    z.string(),
    z.transform((input: string, ctx) => {
      const raw = input.trim();
      const value = durationMs(raw);
      const fail = (message: string) => {
        ctx.issues.push({ code: "custom", message, input });
        return z.NEVER;
      };
      if (value === undefined || value < min * 1000 || value > 86_400_000) {
        return fail(`${flag} must be a number of seconds or a duration like 90s or 2m${min > 0 ? ", greater than 0" : ""} (got "${raw}")`);
      }
      if (value === 0 && min === 0) return 0;
      if (value <= 0) return fail(`${flag} must be greater than 0 (got "${raw}")`);
      return Math.round(value);
    }),
  );

const byteRate = z.pipe(
  z.string(),
  z.transform((input: string, ctx) => {
    const raw = input.trim();
    const m = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib)?(?:\/s)?$/i.exec(raw);
    if (!m) {
      ctx.issues.push({ code: "custom", message: `--slow-threshold must be bytes per second, e.g. 50k or 1m (got "${raw}")`, input });
      return z.NEVER;
    }
    const unit = (m[2] ?? "b").toLowerCase();
    const mult = unit.startsWith("k") ? 1024 : unit.startsWith("m") ? 1024 * 1024 : 1;
    return Math.round(Number(m[1]) * mult);
  }),
);

const flag = () => z.optional(z.boolean());

/** Raw commander values for the options every command shares. */
export const CommonFlagsSchema = z.object({
  json: flag(),
  ndjson: flag(),
  verbose: flag(),
  debug: flag(),
  color: flag(),
  go: z.optional(z.string().check(z.minLength(1, "--go needs a path"))),
  probeTimeout: z.prefault(seconds("--probe-timeout", 0.001), "5"),
  mirrors: flag(),
  mirror: z.optional(z.array(z.string())),
});

export const DiagnoseFlagsSchema = z.extend(CommonFlagsSchema, {
  stallTimeout: z.prefault(seconds("--stall-timeout", 0.001), "30"),
  timeout: z.optional(seconds("--timeout", 0.001)),
  slowThreshold: z.prefault(byteRate, "50k"),
  keepGoing: flag(),
});

export const AnalyzeFlagsSchema = z.extend(CommonFlagsSchema, {
  stallTimeout: z.prefault(seconds("--stall-timeout", 0.001), "30"),
  probe: flag(),
});

export interface OutputOptions {
  mode: OutputMode;
  color: boolean;
  verbose: boolean;
  debug: boolean;
  /** Spinner and live lines only on an interactive stderr outside CI. */
  interactive: boolean;
  githubActions: boolean;
}

export interface CommonOptions {
  output: OutputOptions;
  goBin?: string;
  probeTimeoutMs: number;
  mirrors: boolean;
  mirrorUrls?: string[];
}

export interface DiagnoseOptions extends CommonOptions {
  dir: string;
  stallTimeoutMs: number;
  timeoutMs?: number;
  slowThresholdBps: number;
  keepGoing: boolean;
  /** The go command to run (argv without the binary), `-x` added by the tool. */
  goArgs: string[];
}

export interface AnalyzeOptions extends CommonOptions {
  file: string;
  dir: string;
  stallTimeoutMs: number;
  probe: boolean;
}

export interface ProbeCommandOptions extends CommonOptions {
  dir: string;
}

/** Parses with a schema, turning the first issue into one usage line. */
export function parseFlags<T extends z.ZodMiniType>(schema: T, raw: unknown): z.output<T> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ToolError("usage", issue?.message ?? "invalid options");
  }
  return result.data;
}

/** The output options for this process: its environment and whether its stdout and stderr are terminals. */
export function resolveProcessOutput(flags: Parameters<typeof resolveOutput>[0]): OutputOptions {
  return resolveOutput(flags, process.env, { stdoutIsTTY: Boolean(process.stdout.isTTY), stderrIsTTY: Boolean(process.stderr.isTTY) });
}

export function resolveOutput(
  flags: { json?: boolean; ndjson?: boolean; verbose?: boolean; debug?: boolean; color?: boolean },
  env: NodeJS.ProcessEnv,
  streams: { stdoutIsTTY: boolean; stderrIsTTY: boolean },
): OutputOptions {
  const mode = outputMode(flags);
  const ci = Boolean(env.CI) && env.CI !== "false" && env.CI !== "0";
  let color = streams.stdoutIsTTY;
  if ("NO_COLOR" in env && env.NO_COLOR !== "") color = false;
  if (env.FORCE_COLOR !== undefined) color = env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  if (flags.color === false) color = false;
  if (mode !== "human") color = false;
  return {
    mode,
    color,
    verbose: Boolean(flags.verbose),
    debug: Boolean(flags.debug),
    interactive: mode === "human" && streams.stderrIsTTY && !ci,
    githubActions: env.GITHUB_ACTIONS === "true",
  };
}
