// Finds the go command the way a shell would: --go, else `go` on PATH.
import { access, constants, stat } from "node:fs/promises";
import path from "node:path";
import { ToolError } from "../util/errors.js";

async function executable(file: string): Promise<boolean> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return false;
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function findGo(goBin: string | undefined, env: NodeJS.ProcessEnv): Promise<string> {
  if (goBin) {
    if (goBin.includes("/")) {
      const abs = path.resolve(goBin);
      if (await executable(abs)) return abs;
      throw new ToolError("no-go", `--go ${goBin}: no executable go command there`);
    }
  }
  const name = goBin ?? "go";
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (await executable(candidate)) return candidate;
  }
  throw new ToolError("no-go", `no go command found${goBin ? ` named ${goBin}` : " on PATH"} (install Go, or pass --go /path/to/go)`);
}
