// The directory gomod-doctor works in must exist, be a readable directory and
// hold go.mod (the module root: we do not walk up, `go` would, but then the
// user named the wrong directory and should hear so).
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { ToolError } from "../util/errors.js";

export async function checkModuleDir(dir: string): Promise<void> {
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
