// Reads the effective settings once: the module root, the go command, what
// `go env -json` says (including `go env -w` values the process environment
// does not show) and go.mod via `go mod edit -json`. No network: both run
// with GOTOOLCHAIN=local so a newer `go` line cannot start a toolchain download.
import { stat, readdir } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import type { Context, GoEnv, ModFile } from "./types.js";
import { ToolError } from "../util/errors.js";
import { findGo } from "./find-go.js";
import { readProcessSettings } from "./httpproxy.js";
import { compareGoVersions } from "./go-version.js";

const GO_ENV_KEYS = [
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
] as const;

const MIN_GO = "go1.19";

async function checkDir(dir: string): Promise<void> {
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ToolError("bad-dir", code === "ENOENT" ? `${dir}: no such directory` : `${dir}: cannot read it (${code ?? "error"})`);
  }
  if (!info.isDirectory()) throw new ToolError("bad-dir", `${dir} is a file, not a directory (pass the module's directory)`);
  try {
    await readdir(dir);
  } catch (error) {
    throw new ToolError("bad-dir", `${dir}: cannot read the directory (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  try {
    const mod = await stat(path.join(dir, "go.mod"));
    if (!mod.isFile()) throw new Error("not a file");
  } catch {
    throw new ToolError("no-go-mod", `no go.mod in ${dir} (run it in a Go module, or pass its directory)`);
  }
}

function firstLine(text: string): string {
  return (
    text
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l !== "") ?? "unknown error"
  );
}

interface EditJson {
  Module?: { Path?: string };
  Go?: string;
  Toolchain?: string;
  Require?: { Path: string; Version: string; Indirect?: boolean }[] | null;
  Replace?: { Old: { Path: string; Version?: string }; New: { Path: string; Version?: string } }[] | null;
  Exclude?: { Path: string; Version: string }[] | null;
}

export function toModFile(json: EditJson): ModFile {
  return {
    module: json.Module?.Path ?? "",
    ...(json.Go ? { go: json.Go } : {}),
    ...(json.Toolchain ? { toolchain: json.Toolchain } : {}),
    require: (json.Require ?? []).map((r) => ({ path: r.Path, version: r.Version, indirect: Boolean(r.Indirect) })),
    replace: (json.Replace ?? []).map((r) => ({
      oldPath: r.Old.Path,
      ...(r.Old.Version ? { oldVersion: r.Old.Version } : {}),
      newPath: r.New.Path,
      ...(r.New.Version ? { newVersion: r.New.Version } : {}),
      local: /^(\.\.?(\/|$)|\/)/.test(r.New.Path) || /^[A-Za-z]:[\\/]/.test(r.New.Path),
    })),
    exclude: (json.Exclude ?? []).map((e) => ({ path: e.Path, version: e.Version })),
  };
}

export async function loadContext(opts: { dir: string; goBin?: string; env?: NodeJS.ProcessEnv; signal?: AbortSignal }): Promise<Context> {
  const env = opts.env ?? process.env;
  const dir = path.resolve(opts.dir);
  await checkDir(dir);
  const goBin = await findGo(opts.goBin, env);
  const run = (args: string[]) =>
    execa(goBin, args, {
      cwd: dir,
      env: { ...env, GOTOOLCHAIN: "local", GOFLAGS: "" },
      extendEnv: false,
      reject: false,
      timeout: 15_000,
      stdin: "ignore",
      ...(opts.signal ? { cancelSignal: opts.signal } : {}),
    });

  const envResult = await run(["env", "-json", ...GO_ENV_KEYS]);
  let envError: string | undefined;
  let raw: Record<string, string> = {};
  if (envResult.exitCode === 0) {
    raw = JSON.parse(String(envResult.stdout)) as Record<string, string>;
  } else {
    envError = firstLine(String(envResult.stderr));
    if (/not found|ENOENT/.test(String(envResult.stderr)) && envResult.failed && envResult.exitCode === undefined) {
      throw new ToolError("no-go", `cannot run ${goBin}: ${envError}`);
    }
  }
  const goEnv = Object.fromEntries(GO_ENV_KEYS.map((k) => [k, raw[k] ?? env[k] ?? ""])) as GoEnv;
  // GOFLAGS was blanked for our own calls (a bad GOFLAGS must not stop us): report the user's.
  goEnv.GOFLAGS = env.GOFLAGS ?? raw.GOFLAGS ?? "";
  if (!goEnv.GOVERSION) {
    const v = await run(["version"]);
    goEnv.GOVERSION = /\b(go\d+(?:\.\d+)*\S*)/.exec(String(v.stdout))?.[1] ?? "";
  }
  if (!goEnv.GOVERSION) throw new ToolError("no-go", `${goBin} did not answer like a go command${envError ? `: ${envError}` : ""}`);
  if (compareGoVersions(goEnv.GOVERSION, MIN_GO) < 0) {
    throw new ToolError("old-go", `${goEnv.GOVERSION} is older than ${MIN_GO}, the oldest go gomod-doctor supports (--go selects another)`);
  }
  if (!goEnv.GOMODCACHE) goEnv.GOMODCACHE = path.join((goEnv.GOPATH || path.join(env.HOME ?? "", "go")).split(path.delimiter)[0] ?? "", "pkg", "mod");

  const edit = await run(["mod", "edit", "-json"]);
  if (edit.exitCode !== 0) throw new ToolError("bad-go-mod", `go.mod in ${dir} cannot be read: ${firstLine(String(edit.stderr))}`);
  let mod: ModFile;
  try {
    mod = toModFile(JSON.parse(String(edit.stdout)) as EditJson);
  } catch {
    throw new ToolError("bad-go-mod", `go.mod in ${dir}: go mod edit -json printed something that is not JSON`);
  }
  const wanted = mod.toolchain ?? (mod.go ? `go${mod.go}` : undefined);
  const ctx: Context = {
    dir,
    goBin,
    goVersion: goEnv.GOVERSION,
    env: goEnv,
    process: readProcessSettings(env),
    mod,
  };
  if (wanted && compareGoVersions(wanted, goEnv.GOVERSION) > 0) ctx.toolchainWanted = wanted;
  if (envError) ctx.envError = envError;
  return ctx;
}
