// Watching a download truthfully (issue 3): a go command that waits on a
// module-cache lock prints nothing at all. A first go (plain, started here)
// holds example.com/big's lock while its zip body is stuck; gomod-doctor's go
// on the same GOMODCACHE waits silently, and the diagnosis names the holder.
import { execa, type ResultPromise } from "execa";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BIG_MODULE } from "../../fixtures/modules.js";
import { goBin } from "../../fixtures/run-go.js";
import { runDiagnose } from "./support/diagnose-run.js";
import { cleanupAll, defer, GO_VERSIONS, proxy, setup } from "./support/watch.js";

afterEach(cleanupAll);

/** Waits (bounded) until the first go streams the zip body: it holds the version's lock from then on. */
async function waitForBody(downloadDir: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const names = await readdir(downloadDir).catch(() => [] as string[]);
    if (names.includes("v1.0.0.lock") && names.some((n) => /^v1\.0\.0\.zip\d+\.tmp$/.test(n))) {
      const tmp = names.find((n) => n.endsWith(".tmp"))!;
      if ((await stat(join(downloadDir, tmp))).size > 0) return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no zip body arrived in ${downloadDir} within ${timeoutMs} ms`);
}

/** Whether /proc/locks shows `pid` holding an flock (the first go, before the test relies on it). */
async function holdsFlock(pid: number): Promise<boolean> {
  const locks = await readFile("/proc/locks", "utf8");
  return locks.split("\n").some((l) => /^\d+: FLOCK\s+ADVISORY\s+WRITE\s+(\d+)/.exec(l)?.[1] === String(pid));
}

describe.each(GO_VERSIONS)("go%s: a module-cache lock held by another go command", (go) => {
  it("the second go waits silently; the top finding is modcache-lock-held naming the holder's pid and command", async () => {
    const px = await proxy({ faults: [{ module: BIG_MODULE, kind: "zip", mode: { type: "stall-body", afterBytes: 32 * 1024 } }] });
    const { dir, env, gomodcache } = await setup("big", px.url, { go });

    const first: ResultPromise = execa(goBin(go), ["mod", "download", "-x"], { cwd: dir, env, extendEnv: false, detached: true, reject: false, stdin: "ignore" });
    const firstPid = first.pid!;
    const killFirst = async () => {
      try {
        process.kill(-firstPid, "SIGKILL");
      } catch {
        // already gone
      }
      await first;
    };
    defer(killFirst);
    try {
      await waitForBody(join(gomodcache, "cache/download/example.com/big/@v"), 20_000);
      expect(await holdsFlock(firstPid)).toBe(true);

      // runDiagnose also checks that the tool's own go was ended.
      const { run, report } = await runDiagnose({ dir, env });
      expect(run.code, run.stderr).toBe(3);
      expect(report.outcome).toBe("stalled");
      const top = report.findings[0]!;
      expect(top.name, JSON.stringify(report.findings.map((f) => f.name))).toBe("modcache-lock-held");
      expect(top.severity).toBe("blocker");
      // The holder by pid and by its command line (from /proc/<pid>/cmdline).
      expect(top.title).toContain(`Process ${firstPid}`);
      expect(top.title).toMatch(/go mod download -x/);
      expect(top.evidence.join("\n")).toMatch(new RegExp(`pid ${firstPid} \`[^\`]*go mod download -x\` holds [^\\n]*example\\.com/big/@v/v1\\.0\\.0\\.lock`));
      expect(top.fixes[0]!.commands).toContain(`ps -o pid,etime,args -p ${firstPid}`);
      const lockSuspect = report.stall!.suspects.find((s) => s.kind === "lock");
      expect(lockSuspect).toMatchObject({ holderPid: firstPid, lockFile: expect.stringMatching(/example\.com\/big\/@v\/v1\.0\.0\.lock$/) });
      expect(lockSuspect!.holderCommand).toMatch(/go mod download -x/);
      // The first go (not the tool's) was left alone.
      expect(await holdsFlock(firstPid)).toBe(true);
    } finally {
      await killFirst();
    }
  }, 60_000);
});
