import { afterEach, describe, expect, it } from "vitest";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { readGitConfig } from "../../src/context/gitconfig.js";

let dir = "";
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("readGitConfig", () => {
  it("reads insteadOf rewrites, credential helpers and core.sshCommand, with credentials redacted", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "gmd-git-"));
    const config = path.join(dir, "gitconfig");
    await writeFile(
      config,
      '[url "https://oauth2:tok3n-secret@git.corp.example/"]\n\tinsteadOf = https://git.corp.example/\n[credential]\n\thelper = store --file=/x\n[core]\n\tsshCommand = ssh -i /k -o BatchMode=yes\n',
    );
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, GIT_CONFIG_GLOBAL: config, GIT_CONFIG_NOSYSTEM: "1" };
    const got = await readGitConfig({ cwd: dir, env });
    expect(got.insteadOf).toEqual([{ from: "https://git.corp.example/", to: "https://***@git.corp.example/" }]);
    expect(got.credentialHelpers).toEqual(["store"]);
    expect(got.sshCommand).toBe("ssh -i /k -o BatchMode=yes");
    expect(JSON.stringify(got)).not.toContain("tok3n");
  }, 10_000);

  it("returns empty lists when git is not there", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "gmd-git-"));
    expect(await readGitConfig({ cwd: dir, env: { PATH: dir, HOME: dir } })).toEqual({ insteadOf: [], credentialHelpers: [] });
  });
});
