import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parseProcStat } from "../../src/watch/proc.js";
import { describeProcess, findPromptWaiters, listDescendants, promptSign, type ProcessInfo } from "../../src/watch/process-tree.js";
import { fakeProc } from "./fake-proc.js";

describe("parseProcStat", () => {
  it("reads ppid, group, tty and start time past a command name with spaces and parentheses", () => {
    const stat = parseProcStat("4242 (git (remote) x) S 4200 4100 4100 34816 4242 4194560 1 2 3 4 5 6 7 8 20 0 1 0 987654 1000 2\n");
    expect(stat).toMatchObject({ pid: 4242, comm: "git (remote) x", state: "S", ppid: 4200, pgrp: 4100, session: 4100, ttyNr: 34816, startTime: 987654 });
  });

  it("refuses text that is not a stat line", () => {
    expect(parseProcStat("")).toBeUndefined();
    expect(parseProcStat("12 (x) S 1")).toBeUndefined();
  });
});

describe("listDescendants (fake /proc)", () => {
  const proc = fakeProc([
    { pid: 1, ppid: 0 },
    { pid: 100, ppid: 1, argv: ["go", "mod", "download"] },
    { pid: 110, ppid: 100, argv: ["git", "fetch"] },
    { pid: 120, ppid: 110, argv: ["ssh", "git@host"] },
    { pid: 105, ppid: 100, argv: ["git", "ls-remote"] },
    { pid: 200, ppid: 1, argv: ["unrelated"] },
  ]);

  it("lists the whole subtree, parents before children, and nothing else", async () => {
    expect(await listDescendants(100, proc)).toEqual([105, 110, 120]);
    expect(await listDescendants(120, proc)).toEqual([]);
  });

  it("is empty where /proc cannot be listed", async () => {
    expect(await listDescendants(100, fakeProc([]))).toEqual([]);
  });
});

describe("prompt signs", () => {
  const info = (argv: string[], over: Partial<ProcessInfo> = {}): ProcessInfo => ({
    pid: 1,
    ppid: 0,
    argv,
    command: argv.join(" "),
    state: "S",
    controllingTty: false,
    stdioTerminal: false,
    ...over,
  });

  it("flags ssh without BatchMode, not go's own `ssh -o BatchMode=yes`", () => {
    expect(promptSign(info(["ssh", "git@git.corp.test", "git-upload-pack 'r.git'"]))).toMatch(/BatchMode/);
    expect(promptSign(info(["ssh", "-o", "ControlMaster=no", "-o", "BatchMode=yes", "git@git.corp.test"]))).toBeUndefined();
    expect(promptSign(info(["/usr/bin/ssh", "-oBatchMode=yes", "host"]))).toBeUndefined();
  });

  it("flags credential helpers and askpass whatever their terminal", () => {
    expect(promptSign(info(["git", "credential-manager", "get"]))).toMatch(/credential helper/);
    expect(promptSign(info(["/usr/lib/git-core/git-credential-store", "get"]))).toMatch(/credential helper/);
    expect(promptSign(info(["git", "credential", "fill"]))).toMatch(/credential helper/);
    expect(promptSign(info(["/usr/bin/ssh-askpass", "Password:"]))).toMatch(/askpass/);
  });

  it("flags git only when it can reach a terminal, and says when it sleeps reading one", () => {
    expect(promptSign(info(["git", "fetch", "origin"]))).toBeUndefined();
    expect(promptSign(info(["git", "fetch", "origin"], { stdioTerminal: true }))).toMatch(/terminal/);
    expect(promptSign(info(["git", "fetch"], { controllingTty: true, wchan: "n_tty_read" }))).toMatch(/n_tty_read/);
    expect(promptSign(info(["go", "mod", "download"], { controllingTty: true }))).toBeUndefined();
  });

  it("finds the waiters in the tree from /proc, with redacted commands", async () => {
    const proc = fakeProc([
      { pid: 100, ppid: 1, argv: ["go", "mod", "download"], ttyNr: 34816 },
      { pid: 110, ppid: 100, argv: ["git", "-c", "protocol.version=2", "fetch", "https://bob:s3cret@git.corp.test/r.git"], fds: { "0": "/dev/pts/3" } },
      { pid: 120, ppid: 110, argv: ["ssh", "git@git.corp.test"] },
      { pid: 130, ppid: 100, argv: ["git", "ls-remote", "-q", "origin"], fds: { "0": "/dev/null", "1": "pipe:[1]" } },
      { pid: 140, ppid: 100, argv: ["git-credential-store", "get"], state: "Z" },
      { pid: 300, ppid: 1, argv: ["ssh", "elsewhere"] },
    ]);
    const waiters = await findPromptWaiters(100, proc);
    expect(waiters.map((w) => w.pid)).toEqual([110, 120]);
    expect(waiters[0]!.command).not.toContain("s3cret");
    expect(waiters[0]!.command).toContain("git.corp.test/r.git");
    const described = await describeProcess(110, proc);
    expect(described).toMatchObject({ stdioTerminal: true, controllingTty: false, state: "S" });
  });
});

describe("the real /proc", () => {
  it("finds a spawned tree of sleeps and describes it", async () => {
    const child = spawn("sh", ["-c", "sleep 30 & sleep 30 & wait"], { stdio: "ignore", detached: true });
    const pid = child.pid!;
    try {
      // Until both forks have exec'ed sleep (a fresh fork still shows the shell's argv).
      let found: number[] = [];
      const deadline = Date.now() + 5000;
      const sleeping = async (p: number) => (await describeProcess(p))?.argv[0] === "sleep";
      while (Date.now() < deadline) {
        found = await listDescendants(pid);
        if (found.length === 2 && (await Promise.all(found.map(sleeping))).every(Boolean)) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(found).toHaveLength(2);
      for (const p of found) {
        const info = await describeProcess(p);
        expect(info?.argv).toEqual(["sleep", "30"]);
        expect(info?.ppid).toBe(pid);
        // Detached with stdio ignored: no terminal to prompt on.
        expect(info?.controllingTty).toBe(false);
        expect(info?.stdioTerminal).toBe(false);
      }
      expect(await findPromptWaiters(pid)).toEqual([]);
    } finally {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  });
});
