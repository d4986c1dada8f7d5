// The go command's settings files, read the way cmd/go/internal/cfg does:
// a non-empty process variable wins, then the user's go env file (written by
// `go env -w`; $GOENV, else <user config dir>/go/env; GOENV=off: none), then
// $GOROOT/go.env (go1.21+), then built-in defaults. Used when `go env` itself
// fails, and for the values our own go calls override (GOTOOLCHAIN).
import { readFile } from "node:fs/promises";
import path from "node:path";

/** cfg.EnvFile: where `go env -w` writes; undefined for GOENV=off or no config dir. */
export function goEnvFilePath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | undefined {
  if (env.GOENV) return env.GOENV === "off" ? undefined : env.GOENV;
  let dir: string | undefined;
  if (platform === "win32") dir = env.AppData || env.APPDATA;
  else if (platform === "darwin") dir = env.HOME ? path.join(env.HOME, "Library", "Application Support") : undefined;
  else if (env.XDG_CONFIG_HOME) dir = path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : undefined;
  else dir = env.HOME ? path.join(env.HOME, ".config") : undefined;
  return dir ? path.join(dir, "go", "env") : undefined;
}

/** cfg.readEnvFile: KEY=VALUE lines; a line not starting with A-Z or without '=' is ignored; no unquoting. */
export function parseGoEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const i = line.indexOf("=");
    if (i < 0 || !/^[A-Z]/.test(line)) continue;
    out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

async function readOptional(file: string | undefined): Promise<Record<string, string>> {
  if (!file) return {};
  try {
    return parseGoEnvFile(await readFile(file, "utf8"));
  } catch {
    return {};
  }
}

/** Defaults compiled into go1.19 (newer go reads them from $GOROOT/go.env). */
const BUILT_IN: Record<string, string> = {
  GOPROXY: "https://proxy.golang.org,direct",
  GOSUMDB: "sum.golang.org",
};

export interface EnvLayers {
  process: NodeJS.ProcessEnv;
  user: Record<string, string>;
  goroot: Record<string, string>;
}

export async function readEnvLayers(env: NodeJS.ProcessEnv, goroot: string | undefined): Promise<EnvLayers> {
  const user = await readOptional(goEnvFilePath(env));
  const root = env.GOROOT || user.GOROOT || goroot;
  return { process: env, user, goroot: await readOptional(root ? path.join(root, "go.env") : undefined) };
}

/** cfg.Getenv plus envOr's defaults. */
export function layeredValue(layers: EnvLayers, key: string): string {
  const direct = layers.process[key] || layers.user[key] || layers.goroot[key] || "";
  if (direct) return direct;
  if (key === "GONOPROXY" || key === "GONOSUMDB") return layeredValue(layers, "GOPRIVATE");
  if (key === "GOTOOLCHAIN") return "auto"; // go1.21+ default; go1.19 ignores it
  if (key === "GOPATH") return layers.process.HOME ? path.join(layers.process.HOME, "go") : "";
  if (key === "GOMODCACHE") {
    const gopath = layeredValue(layers, "GOPATH").split(path.delimiter)[0];
    return gopath ? path.join(gopath, "pkg", "mod") : "";
  }
  if (key === "GOENV") return goEnvFilePath(layers.process) ?? "";
  return BUILT_IN[key] ?? "";
}

/** Where a go setting's value comes from, in cfg.Getenv's order. */
export type SettingSource = "environment" | "go env file" | "GOROOT/go.env";

/** Names people set believing go reads them; it does not (GONOSUMCHECK for GONOSUMDB, GOSUMDB=off). */
export const NOT_GO_SETTINGS = ["GONOSUMCHECK", "GONOSUMVERIFY", "GOSUMCHECK"] as const;

/**
 * Every layer that sets each key, the one that wins first (empty: the
 * built-in default). Fixes must target the winner: `go env -w` cannot
 * override a variable set in the environment.
 */
export function settingSources(layers: EnvLayers, keys: readonly string[]): Record<string, SettingSource[]> {
  const out: Record<string, SettingSource[]> = {};
  for (const key of [...keys, ...NOT_GO_SETTINGS]) {
    const from: SettingSource[] = [];
    if (layers.process[key]) from.push("environment");
    if (layers.user[key]) from.push("go env file");
    if (layers.goroot[key]) from.push("GOROOT/go.env");
    if (from.length > 0) out[key] = from;
  }
  return out;
}
