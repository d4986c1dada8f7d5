// Reads the effective settings once: the module root (or go.work workspace)
// go finds from the directory the user named, the go command, what
// `go env -json` says (including `go env -w` values the process environment
// does not show) and go.mod via `go mod edit -json` (go.work's modules merged
// in workspace mode). No network: both run
// with GOTOOLCHAIN=local so a newer `go`/`toolchain` line cannot start a
// toolchain download. A setting that makes `go env` fail is recorded
// (envError) and the values are rebuilt from the same files go reads.
import { readFile, realpath } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import type { Context, GoEnv } from "./types.js";
import { ToolError } from "../util/errors.js";
import { redactText } from "../util/redact.js";
import { findGo } from "./find-go.js";
import { noProxySpellings, readProcessSettings } from "./httpproxy.js";
import { compareGoVersions } from "./go-version.js";
import { locateModule, noModuleError, type ModuleLocation } from "./module-dir.js";
import { readModFile, type GoResult } from "./modfile.js";
import { readWorkspace } from "./workspace.js";
import { layeredValue, readEnvLayers, settingSources } from "./env-files.js";
import { misspeltSettings } from "./misspelt.js";

export { toModFile } from "./modfile.js";

export const GO_ENV_KEYS = [
  "GOPROXY",
  "GONOPROXY",
  "GOPRIVATE",
  "GONOSUMDB",
  "GOSUMDB",
  "GOINSECURE",
  "GOFLAGS",
  "GOMODCACHE",
  "GOPATH",
  "GOVCS",
  "GOTOOLCHAIN",
  "GOAUTH",
  "GOVERSION",
  "GOENV",
  "GOOS",
  "GOARCH",
  "GOROOT",
  "GO111MODULE",
  "GOWORK",
] as const;

const MIN_GO = "go1.19";
const GO_TIMEOUT_MS = 10_000;

export function firstLine(text: string): string {
  return (
    text
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l !== "") ?? "unknown error"
  );
}

type Run = (args: string[], env: NodeJS.ProcessEnv) => Promise<{ exitCode?: number; stdout: string; stderr: string; timedOut: boolean }>;

function runner(goBin: string, dir: string, signal: AbortSignal | undefined): Run {
  return async (args, env) => {
    const r = await execa(goBin, args, {
      cwd: dir,
      env,
      extendEnv: false,
      reject: false,
      timeout: GO_TIMEOUT_MS,
      stdin: "ignore",
      ...(signal ? { cancelSignal: signal } : {}),
    });
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error("aborted");
    if (r.failed && r.exitCode === undefined && !r.timedOut) {
      throw new ToolError("no-go", `cannot run ${goBin}: ${firstLine(String(r.originalMessage ?? r.message))}`);
    }
    return { ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}), stdout: String(r.stdout), stderr: String(r.stderr), timedOut: Boolean(r.timedOut) };
  };
}

/** $GOROOT/VERSION next to the binary: the version when go itself cannot say. */
async function versionFile(goBin: string): Promise<string> {
  try {
    const root = path.dirname(path.dirname(await realpath(goBin)));
    return /^(go\d+\S*)/.exec(await readFile(path.join(root, "VERSION"), "utf8"))?.[1] ?? "";
  } catch {
    return "";
  }
}

export interface ContextOptions {
  dir: string;
  goBin?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** The go command needs no module (`go install PKG@VERSION`, `go run PKG@VERSION`): outside one, go.mod is empty, not an error. */
  moduleOptional?: boolean;
}

/** Where go runs (dir: the directory named), the module root or go.work it finds there, and the go command. */
export type Located = ModuleLocation & { goBin: string };

/** The module root and the go command, checked: the cheap part of loadContext, which needs no go process. */
export async function locateModuleAndGo(opts: ContextOptions): Promise<Located> {
  const env = opts.env ?? process.env;
  const location = await locateModule(opts.dir, env, opts.moduleOptional);
  return { ...location, goBin: await findGo(opts.goBin, env) };
}

/**
 * Whether this go's $GOROOT/VERSION file says it is one gomod-doctor supports,
 * so the command to watch can start before `go env` has answered. False when
 * the file cannot tell (then the version check comes first).
 */
export async function supportedByVersionFile(goBin: string): Promise<boolean> {
  const version = await versionFile(goBin);
  return version !== "" && compareGoVersions(version, MIN_GO) >= 0;
}

export async function loadContext(opts: ContextOptions): Promise<Context> {
  return readContext(await locateModuleAndGo(opts), opts);
}

/** The settings and go.mod, read with the go command found by locateModuleAndGo. */
export async function readContext(located: { dir: string; goBin: string } & Partial<ModuleLocation>, opts: Omit<ContextOptions, "dir" | "goBin">): Promise<Context> {
  const env = opts.env ?? process.env;
  const where = located.moduleRoot || located.workFile ? located : { ...located, ...(await locateModule(located.dir, env, opts.moduleOptional)) };
  const { dir, goBin } = where;
  const run = runner(goBin, dir, opts.signal);
  // GOFLAGS is blanked for our own calls (go env ignores bad flags, but keep it simple and equal for both).
  const ownEnv = { ...env, GOTOOLCHAIN: "local", GOFLAGS: "" };

  // go mod edit / go work edit only parse their file (named, so the directory
  // does not matter): they run alongside go env, and are looked at after the
  // version check (an old go's complaint about go.mod is not the news).
  const edits = new Map<string, Promise<GoResult>>();
  const edit = (args: string[]): Promise<GoResult> => {
    const key = args.join("\0");
    let p = edits.get(key);
    if (!p) {
      p = run(args, editEnv(env));
      p.catch(() => undefined);
      edits.set(key, p);
    }
    return p;
  };
  const modArgs = (root: string) => ["mod", "edit", "-json", path.join(root, "go.mod")];
  if (where.moduleRoot) void edit(modArgs(where.moduleRoot));
  if (where.workFile) void edit(["work", "edit", "-json", where.workFile]);
  const envResult = await run(["env", "-json", ...GO_ENV_KEYS], ownEnv);
  if (envResult.timedOut) throw new ToolError("go-env", `${goBin} env did not answer within ${GO_TIMEOUT_MS / 1000}s`);
  let envError: string | undefined;
  let raw: Record<string, string> = {};
  if (envResult.exitCode === 0) {
    try {
      raw = JSON.parse(envResult.stdout) as Record<string, string>;
    } catch {
      envError = "go env -json printed something that is not JSON";
    }
  } else {
    envError = redactText(firstLine(envResult.stderr));
  }
  const layers = await readEnvLayers(env, raw.GOROOT || undefined);
  const goEnv = Object.fromEntries(GO_ENV_KEYS.map((k) => [k, envError ? layeredValue(layers, k) : (raw[k] ?? "")])) as GoEnv;
  // Our GOTOOLCHAIN=local and GOFLAGS="" are not the user's: report theirs.
  goEnv.GOTOOLCHAIN = layeredValue(layers, "GOTOOLCHAIN");
  goEnv.GOFLAGS = env.GOFLAGS || layers.user.GOFLAGS || layers.goroot.GOFLAGS || "";

  if (!goEnv.GOVERSION) {
    const v = await run(["version"], ownEnv);
    goEnv.GOVERSION = /\b(go\d+(?:\.\d+)*\S*)/.exec(v.stdout)?.[1] ?? (await versionFile(goBin));
  }
  if (!goEnv.GOVERSION) throw new ToolError("no-go", `${goBin} did not answer like a go command${envError ? `: ${envError}` : ""}`);
  if (compareGoVersions(goEnv.GOVERSION, MIN_GO) < 0) {
    throw new ToolError("old-go", `${goEnv.GOVERSION} is older than ${MIN_GO}, the oldest go gomod-doctor supports (--go selects another)`);
  }
  if (compareGoVersions(goEnv.GOVERSION, "go1.21") < 0) goEnv.GOTOOLCHAIN = ""; // no toolchain switching before go1.21
  if (!goEnv.GOMODCACHE) goEnv.GOMODCACHE = layeredValue(layers, "GOMODCACHE");

  // go env's GOWORK is go's own decision (it also reads GOROOT/go.env); without it, ours.
  const workFile = envError ? where.workFile : goEnv.GOWORK && goEnv.GOWORK !== "off" ? goEnv.GOWORK : undefined;
  let root: string;
  let mod;
  let workModules: string[] | undefined;
  if (workFile) {
    const workspace = await readWorkspace(workFile, goEnv.GOVERSION, edit);
    [root, mod, workModules] = [path.dirname(workFile), workspace.mod, workspace.dirs];
  } else if (where.moduleRoot) {
    [root, mod] = [where.moduleRoot, await readModFile(where.moduleRoot, goEnv.GOVERSION, edit(modArgs(where.moduleRoot)))];
  } else if (opts.moduleOptional) {
    [root, mod] = [dir, { module: "", require: [], replace: [], exclude: [] }];
  } else {
    throw noModuleError(dir); // GOWORK pointed at a go.work that go env says is not in effect
  }
  const wanted = mod.toolchain && mod.toolchain !== "default" ? mod.toolchain : mod.go ? `go${mod.go}` : undefined;
  const ctx: Context = { dir: root, goBin, goVersion: goEnv.GOVERSION, env: goEnv, process: readProcessSettings(env), mod };
  if (root !== dir) ctx.runDir = dir;
  if (workFile) Object.assign(ctx, { workFile, workModules });
  if (wanted && compareGoVersions(wanted, goEnv.GOVERSION) > 0) ctx.toolchainWanted = wanted;
  if (envError) ctx.envError = envError;
  ctx.settingSources = settingSources(layers, GO_ENV_KEYS);
  const spellings = noProxySpellings(env);
  if (spellings) ctx.noProxySpellings = spellings;
  const misspelt = misspeltSettings(layers);
  if (misspelt.length > 0) ctx.misspelt = misspelt;
  return ctx;
}

/**
 * `go mod edit -json` only parses go.mod, but go checks its environment first:
 * a bad GO111MODULE, GOEXPERIMENT, relative GOPATH or GOFLAGS would fail it.
 * Those are causes for the rules (envError), not reasons to not read go.mod.
 */
function editEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, GOTOOLCHAIN: "local", GOFLAGS: "", GOENV: "off", GO111MODULE: "", GOEXPERIMENT: "" };
  const gopath = env.GOPATH ?? "";
  if (gopath.split(path.delimiter).some((p) => p !== "" && !path.isAbsolute(p))) delete out.GOPATH;
  return out;
}
