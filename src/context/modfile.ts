// go.mod through `go mod edit -json` (go's own parser, no network), mapped to
// ModFile. A go too old for the file's go/toolchain lines gets a lenient
// reading of the text instead: the file is fine, and the download (which
// fails the same way) is what gets diagnosed.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ModFile } from "./types.js";
import { ToolError } from "../util/errors.js";
import { compareGoVersions } from "./go-version.js";
import { lenientModFile, onlyNewerSyntax } from "./modfile-text.js";
import { checkReplaceDirs } from "./replace-dirs.js";

interface EditJson {
  Module?: { Path?: string };
  Go?: string;
  Toolchain?: string;
  Require?: { Path: string; Version: string; Indirect?: boolean }[] | null;
  Replace?: { Old: { Path: string; Version?: string }; New: { Path: string; Version?: string } }[] | null;
  Exclude?: { Path: string; Version: string }[] | null;
}

/** modfile.IsDirectoryPath: ./ ../ or absolute (either slash, or a Windows drive). */
export function isLocalPath(p: string): boolean {
  return /^(\.\.?([\\/]|$)|[\\/])/.test(p) || /^[A-Za-z]:[\\/]/.test(p);
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
      local: isLocalPath(r.New.Path),
    })),
    exclude: (json.Exclude ?? []).map((e) => ({ path: e.Path, version: e.Version })),
  };
}

/**
 * go's message for a go.mod it cannot read: "go: errors parsing go.mod:" is
 * followed by the line that says what is wrong; keep both on one line.
 */
export function goModError(stderr: string): string {
  const lines = stderr.split("\n").map((l) => l.trim()).filter(Boolean);
  const first = (lines[0] ?? "unknown error").replace(/^go: /, "");
  return /:$/.test(first) && lines[1] ? `${first} ${lines[1]}` : first;
}

export type GoResult = { exitCode?: number; stdout: string; stderr: string; timedOut: boolean };

/** go.mod read leniently when go rejected only newer syntax; undefined when it cannot be. */
async function readNewerModFile(dir: string, stderr: string): Promise<ModFile | undefined> {
  if (!onlyNewerSyntax(stderr)) return undefined;
  let text: string;
  try {
    text = await readFile(path.join(dir, "go.mod"), "utf8");
  } catch {
    return undefined;
  }
  const mod = lenientModFile(text);
  return mod.module ? { ...mod, replace: await checkReplaceDirs(mod.replace, dir), newerSyntax: goModError(stderr) } : undefined;
}

/** go.mod from the result of `go mod edit -json` run on dir/go.mod (started by the caller, alongside go env). */
export async function readModFile(dir: string, goVersion: string, editJson: Promise<GoResult>): Promise<ModFile> {
  const edit = await editJson;
  if (edit.timedOut) throw new ToolError("go-env", `go mod edit -json did not answer in ${dir}`);
  if (edit.exitCode !== 0) {
    const newer = await readNewerModFile(dir, edit.stderr);
    if (newer) return newer;
    let message = goModError(edit.stderr);
    if (/unknown directive: toolchain/.test(message) && compareGoVersions(goVersion, "go1.21") < 0) {
      message += ` (${goVersion} predates the toolchain line: go1.21 or newer reads this go.mod)`;
    }
    throw new ToolError("bad-go-mod", message);
  }
  let json: EditJson;
  try {
    json = JSON.parse(edit.stdout) as EditJson;
  } catch {
    throw new ToolError("bad-go-mod", `go.mod in ${dir}: go mod edit -json printed something that is not JSON`);
  }
  const mod = toModFile(json);
  // go mod edit accepts a go.mod without a module line; every other go command refuses it.
  if (!mod.module) throw new ToolError("bad-go-mod", `${dir}/go.mod has no module line (go mod edit -module=example.com/m adds one)`);
  return { ...mod, replace: await checkReplaceDirs(mod.replace, dir) };
}
