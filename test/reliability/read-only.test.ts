// Read-only: diagnose (healthy and stalled), probe and analyze --probe leave
// the user's go env file, git config, .netrc and every pre-existing entry of
// the module cache exactly as they were (content and mode, by sha256).
import { createHash } from "node:crypto";
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { startProxy } from "../../fixtures/proxy.js";
import { makeProject } from "../../fixtures/projects.js";
import { GO123, runCommand } from "../../fixtures/run-go.js";
import { runCli } from "../helpers/cli.js";
import { cleanupStack, goProject } from "./helpers.js";

const cleanups = cleanupStack();
afterEach(() => cleanups.run());

const LOG = fileURLToPath(new URL("../../fixtures/logs/proxy-reset-zips.log", import.meta.url));

/** sha256 and mode of every file under dir (symlinks by their target text). */
async function checksums(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) {
        const mode = ((await stat(p)).mode & 0o7777).toString(8);
        out.set(p, `${mode} ${createHash("sha256").update(await readFile(p)).digest("hex")}`);
      } else out.set(p, e.isSymbolicLink() ? "symlink" : "other");
    }
  };
  await walk(dir);
  return out;
}

async function fileSum(p: string): Promise<string> {
  return createHash("sha256").update(await readFile(p)).digest("hex");
}

describe("the tool changes nothing of the user's", () => {
  it("go env file, git config, .netrc and the module cache's existing entries are unchanged", async () => {
    const healthyProxy = await startProxy();
    cleanups.push(() => healthyProxy.close());
    const stallProxy = await startProxy({ faults: [{ module: "example.com/big", kind: "zip", mode: { type: "stall-body", afterBytes: 32 * 1024 } }] });
    cleanups.push(() => stallProxy.close());

    const { dir, env, go } = await goProject(cleanups, "healthy", healthyProxy.url);
    const big = await makeProject("big");
    cleanups.push(big.cleanup);

    // The user's files, each with something in it.
    const goenvFile = env.GOENV!;
    const gitconfig = env.GIT_CONFIG_GLOBAL!;
    const netrc = join(go.home, ".netrc");
    await writeFile(goenvFile, "GONOSUMDB=corp.example.com\nGOTOOLCHAIN=local\n");
    await writeFile(gitconfig, '[user]\n\tname = Someone\n[url "ssh://git@corp.example.com/"]\n\tinsteadOf = https://corp.example.com/\n');
    await writeFile(netrc, "machine corp.example.com login bob password hunter2\n", { mode: 0o600 });
    const userFiles = [goenvFile, gitconfig, netrc];

    // A first healthy download fills the cache.
    const first = await runCommand([GO123, "mod", "download"], { cwd: dir, env, timeoutMs: 30_000 });
    expect(first.code, first.stderr).toBe(0);
    const cacheBefore = await checksums(go.gomodcache);
    expect([...cacheBefore.keys()].some((p) => p.endsWith("example.com/a/@v/v1.0.0.zip"))).toBe(true);
    const userBefore = await Promise.all(userFiles.map(fileSum));

    const stallEnv = { ...env, GOPROXY: stallProxy.url };
    const runs = [
      { args: ["diagnose", dir, "--json", "--stall-timeout", "3", "--probe-timeout", "2"], env, code: 0 },
      { args: ["diagnose", big.dir, "--json", "--stall-timeout", "2", "--probe-timeout", "2"], env: stallEnv, code: 3 },
      { args: ["probe", dir, "--json", "--no-mirrors", "--probe-timeout", "2"], env, code: 0 },
      { args: ["analyze", LOG, "-C", dir, "--probe", "--json", "--probe-timeout", "2"], env, code: 1 },
    ];
    for (const r of runs) {
      const run = await runCli(r.args, { env: r.env, timeoutMs: 30_000 });
      expect(run.code, `${r.args.join(" ")}: ${run.stderr}`).toBe(r.code);
      expect(run.stdout).not.toContain("hunter2");
    }

    expect(await Promise.all(userFiles.map(fileSum))).toEqual(userBefore);
    const cacheAfter = await checksums(go.gomodcache);
    const changed = [...cacheBefore].filter(([p, sum]) => cacheAfter.get(p) !== sum).map(([p]) => p);
    expect(changed).toEqual([]);
    // What the stalled download added is its own (big's files), nothing else.
    const added = [...cacheAfter.keys()].filter((p) => !cacheBefore.has(p));
    expect(added.every((p) => /example\.com\/big|cache\/download\/sumdb|cache\/vcs/.test(p)), added.join("\n")).toBe(true);
  }, 90_000);

  // go mod download records the go.sum lines it checked (and may fix go.mod): the tool's go works on a scratch -modfile copy.
  it.each(["1.23", "1.19"] as const)("diagnose leaves the project's go.mod and go.sum as they were (go%s)", async (version) => {
    const proxy = await startProxy();
    cleanups.push(() => proxy.close());
    const { dir, env } = await goProject(cleanups, "healthy", proxy.url, { PATH: `/usr/lib/go-${version}/bin:/usr/local/bin:/usr/bin:/bin` });
    const project = async () => [...(await checksums(dir))].sort();
    const before = await project();
    expect(before.map(([p]) => p.slice(dir.length))).toEqual(["/go.mod", "/main.go"]);

    const run = await runCli(["diagnose", dir, "--json", "--stall-timeout", "5", "--probe-timeout", "2"], { env, timeoutMs: 30_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).outcome).toBe("ok");
    expect(await project()).toEqual(before);

    // The same go command run by hand writes go.sum: what the tool kept from happening.
    const bare = await runCommand([`/usr/lib/go-${version}/bin/go`, "mod", "download", "-x", "-json"], { cwd: dir, env, timeoutMs: 30_000 });
    expect(bare.code, bare.stderr).toBe(0);
    expect((await project()).map(([p]) => p.slice(dir.length))).toContain("/go.sum");
  }, 60_000);

  // In workspace mode go refuses -modfile and writes go.work.sum instead: go works on a go.work copy named by GOWORK.
  it("diagnose in a workspace leaves go.work, go.work.sum and the modules' files as they were", async () => {
    const proxy = await startProxy();
    cleanups.push(() => proxy.close());
    const { dir: work, env } = await goProject(cleanups, "healthy", proxy.url);
    const ws = await mkdtemp(join(tmpdir(), "gomod-doctor-ws-"));
    cleanups.push(() => rm(ws, { recursive: true, force: true }));
    await cp(work, join(ws, "app"), { recursive: true });
    await writeFile(join(ws, "go.work"), "go 1.19\n\nuse ./app\n");
    const files = async () => [...(await checksums(ws))].sort();
    const before = await files();

    const run = await runCli(["diagnose", join(ws, "app"), "--json", "--stall-timeout", "5", "--probe-timeout", "2"], { env, timeoutMs: 30_000 });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.outcome).toBe("ok");
    expect(await files()).toEqual(before);

    const bare = await runCommand([GO123, "mod", "download", "-x"], { cwd: join(ws, "app"), env, timeoutMs: 30_000 });
    expect(bare.code, bare.stderr).toBe(0);
    expect((await files()).map(([p]) => p.slice(ws.length))).toContain("/go.work.sum");
  }, 60_000);
});
