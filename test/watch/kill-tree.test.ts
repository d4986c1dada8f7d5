import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { killTree } from "../../src/watch/kill-tree.js";
import { listDescendants } from "../../src/watch/process-tree.js";
import { readProcStat } from "../../src/watch/proc.js";
import { fakeProc } from "./fake-proc.js";

async function waitForChildren(pid: number, count: number): Promise<number[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const found = await listDescendants(pid);
    if (found.length >= count || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Running or sleeping: neither gone nor a zombie waiting to be reaped. */
async function running(pid: number): Promise<boolean> {
  const stat = await readProcStat(pid);
  return stat !== undefined && stat.state !== "Z";
}

function cleanup(pid: number, pids: number[]): void {
  for (const p of [-pid, pid, ...pids]) {
    try {
      process.kill(p, "SIGKILL");
    } catch {
      // gone
    }
  }
}

describe("killTree on real processes", () => {
  it("ends a detached shell and both its sleeps, leaving nothing running", async () => {
    const child = spawn("sh", ["-c", "sleep 100 & sleep 100 & wait"], { stdio: "ignore", detached: true });
    const pid = child.pid!;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    let sleeps: number[] = [];
    try {
      sleeps = await waitForChildren(pid, 2);
      expect(sleeps).toHaveLength(2);
      const ended = await killTree(pid, { graceMs: 2000 });
      expect(ended).toEqual([pid, ...sleeps].sort((a, b) => a - b));
      await exited;
      for (const p of [pid, ...sleeps]) expect(await running(p)).toBe(false);
    } finally {
      cleanup(pid, sleeps);
    }
  });

  it("ends a tree that is not its own process group (signals each listed pid)", async () => {
    // The shell ignores SIGTERM: SIGKILL after the grace period must end it.
    const child = spawn("sh", ["-c", "trap '' TERM; sleep 100 & sleep 100 & wait; wait"], { stdio: "ignore" });
    const pid = child.pid!;
    let sleeps: number[] = [];
    try {
      sleeps = await waitForChildren(pid, 2);
      expect(sleeps).toHaveLength(2);
      expect((await readProcStat(pid))?.pgrp).not.toBe(pid);
      const started = Date.now();
      const ended = await killTree(pid, { graceMs: 300 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(ended).toEqual([pid, ...sleeps].sort((a, b) => a - b));
      for (const p of [pid, ...sleeps]) expect(await running(p)).toBe(false);
      // The test runner itself was not signalled.
      expect(await running(process.pid)).toBe(true);
    } finally {
      cleanup(pid, sleeps);
    }
  });
});

describe("killTree decisions (fake /proc)", () => {
  it("signals the group when the root leads one, then every member, and SIGKILLs survivors", async () => {
    const signals: [number, string | number][] = [];
    const proc = fakeProc([
      { pid: 1, ppid: 0 },
      { pid: 50, ppid: 1, pgrp: 50 },
      { pid: 51, ppid: 50, pgrp: 50 },
      // Re-parented to init but still in the group: found through the group id.
      { pid: 52, ppid: 1, pgrp: 50 },
      { pid: 60, ppid: 1, pgrp: 60 },
    ]);
    const ended = await killTree(50, { graceMs: 20, pollMs: 5, proc, kill: (pid, sig) => void signals.push([pid, sig]) });
    // The fake processes never die: nothing ended, both signals sent to all three and the group.
    expect(ended).toEqual([]);
    const sent = (sig: string) => signals.filter(([, s]) => s === sig).map(([p]) => p).sort((a, b) => a - b);
    expect(sent("SIGTERM")).toEqual([-50, 50, 51, 52]);
    expect(sent("SIGKILL")).toEqual([-50, 50, 51, 52]);
    expect(signals.some(([p]) => p === 60 || p === -60)).toBe(false);
  });
});
