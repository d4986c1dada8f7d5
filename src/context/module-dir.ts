// Where the go command finds its main module(s), found the way cmd/go does
// (modload.findModuleRoot, findWorkspaceFile, InitWorkfile), without running
// go: the directory the user names must exist and be readable; go walks up
// from it to the nearest go.mod, and a go.work found the same way (GOWORK
// unset or "auto"), or named by GOWORK, puts go in workspace mode.
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { ToolError } from "../util/errors.js";
import { layeredValue, readEnvLayers } from "./env-files.js";

export interface ModuleLocation {
  /** The directory the user named (absolute): go runs there. */
  dir: string;
  /** The nearest directory at or above dir holding a go.mod file. */
  moduleRoot?: string;
  /** The go.work file in effect (workspace mode). */
  workFile?: string;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Parents of dir, dir first, up to the file-system root. */
function* upFrom(dir: string): Generator<string> {
  let d = path.resolve(dir);
  for (;;) {
    yield d;
    const parent = path.dirname(d);
    if (parent === d) return;
    d = parent;
  }
}

/**
 * modload.findModuleRoot plus Init's one exception: a go.mod in the system
 * temp root itself (/tmp/go.mod) is ignored, and the walk does not go on.
 */
export async function findModuleRoot(dir: string, tempRoot: string): Promise<string | undefined> {
  for (const d of upFrom(dir)) {
    if (await isFile(path.join(d, "go.mod"))) return d === path.resolve(tempRoot) ? undefined : d;
  }
  return undefined;
}

/** modload.findWorkspaceFile: the nearest go.work, not looked for above GOROOT's parent. */
export async function findWorkspaceFile(dir: string, goroot: string | undefined): Promise<string | undefined> {
  const stopAt = goroot ? path.resolve(goroot) : undefined;
  let first = true;
  for (const d of upFrom(dir)) {
    // findWorkspaceFile returns "" when the next directory up would be GOROOT.
    if (!first && d === stopAt) return undefined;
    first = false;
    const file = path.join(d, "go.work");
    if (await isFile(file)) return file;
  }
  return undefined;
}

/**
 * modload.InitWorkfile: GOWORK=off is module mode, "" or "auto" looks for a
 * go.work, anything else names the file (go refuses a relative one; then go
 * says so, and we predict no workspace).
 */
export async function workspaceFileFor(dir: string, gowork: string, goroot: string | undefined): Promise<string | undefined> {
  if (gowork === "off") return undefined;
  if (gowork === "" || gowork === "auto") return findWorkspaceFile(dir, goroot);
  return path.isAbsolute(gowork) ? gowork : undefined;
}

/** The directory must exist and be a readable directory: bad input otherwise. */
export async function checkDir(dir: string): Promise<void> {
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
}

/** go's ErrNoModRoot, with where it looked and what to do. */
export function noModuleError(dir: string): ToolError {
  return new ToolError("no-go-mod", `go.mod file not found in ${dir} or any parent directory (run it in a Go module, or pass its directory)`);
}

/**
 * The module root and go.work in effect for dir. GOWORK is read as go reads
 * it (process, then the go env file); go env confirms it later. Neither a
 * go.mod nor a go.work: go would say "go.mod file not found", so do we,
 * unless the command needs no module (`go install PKG@VERSION`).
 */
export async function locateModule(dir: string, env: NodeJS.ProcessEnv, moduleOptional = false): Promise<ModuleLocation> {
  const abs = path.resolve(dir);
  await checkDir(abs);
  const layers = await readEnvLayers(env, undefined);
  const goroot = layeredValue(layers, "GOROOT") || undefined;
  const [moduleRoot, workFile] = await Promise.all([
    findModuleRoot(abs, env.TMPDIR || "/tmp"),
    workspaceFileFor(abs, layeredValue(layers, "GOWORK"), goroot),
  ]);
  if (!moduleRoot && !workFile && !moduleOptional) throw noModuleError(abs);
  return { dir: abs, ...(moduleRoot ? { moduleRoot } : {}), ...(workFile ? { workFile } : {}) };
}
