// Ends a process and everything it started: SIGTERM to the whole tree, then
// SIGKILL to what is left after a grace period. The tree is listed BEFORE
// signalling, because once go dies its children (git, ssh) are re-parented
// and no longer look like its descendants. When the root leads its own
// process group (spawned with `detached: true`) the group is signalled too,
// which also reaches members whose parent already died.
import { descendantsIn, readProcStat, realProc, scanProcesses, type ProcReader } from "./proc.js";

export interface KillTreeOptions {
  /** How long the tree gets to exit after SIGTERM before SIGKILL. */
  graceMs: number;
  proc?: ProcReader;
  /** process.kill by default; injected in tests. */
  kill?: (pid: number, signal: NodeJS.Signals | 0) => void;
  /** How often to look whether the tree is gone. */
  pollMs?: number;
}

interface Target {
  pid: number;
  /** From /proc/<pid>/stat: a later process that reuses the pid is not ours. */
  startTime?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Signals the tree of rootPid; resolves with the pids that ended (exited, or zombies awaiting their parent). */
export async function killTree(rootPid: number, options: KillTreeOptions): Promise<number[]> {
  const proc = options.proc ?? realProc;
  const kill = options.kill ?? ((pid, signal) => process.kill(pid, signal));
  const pollMs = options.pollMs ?? 50;
  const targets = new Map<number, Target>();
  let hasProc = false;
  let group = false;

  const collect = async (): Promise<void> => {
    const table = await scanProcesses(proc);
    if (!table) {
      if (!targets.has(rootPid)) targets.set(rootPid, { pid: rootPid });
      return;
    }
    hasProc = true;
    const root = table.find((s) => s.pid === rootPid);
    // A dead leader's group lives on while members remain: signal it whenever one is seen.
    if (root?.pgrp === rootPid || table.some((s) => s.pgrp === rootPid && s.pid !== rootPid)) group = true;
    const members = new Set([...(root ? [rootPid] : []), ...descendantsIn(table, rootPid)]);
    for (const s of table) if (s.pgrp === rootPid) members.add(s.pid);
    for (const s of table) {
      if (members.has(s.pid) && !targets.has(s.pid)) targets.set(s.pid, { pid: s.pid, startTime: s.startTime });
    }
  };

  const alive = async (t: Target): Promise<boolean> => {
    if (hasProc) {
      const stat = await readProcStat(t.pid, proc);
      return stat !== undefined && stat.state !== "Z" && stat.state !== "X" && (t.startTime === undefined || stat.startTime === t.startTime);
    }
    try {
      kill(t.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const survivors = async (): Promise<Target[]> => {
    const out: Target[] = [];
    for (const t of targets.values()) if (await alive(t)) out.push(t);
    return out;
  };
  const signalAll = async (signal: NodeJS.Signals): Promise<void> => {
    if (group) trySignal(kill, -rootPid, signal);
    for (const t of await survivors()) trySignal(kill, t.pid, signal);
  };
  const waitGone = async (ms: number): Promise<Target[]> => {
    const deadline = Date.now() + ms;
    let left = await survivors();
    while (left.length > 0 && Date.now() < deadline) {
      await sleep(Math.min(pollMs, Math.max(1, deadline - Date.now())));
      left = await survivors();
    }
    return left;
  };

  await collect();
  await signalAll("SIGTERM");
  let left = await waitGone(options.graceMs);
  if (left.length > 0) {
    // Children started during the grace period belong to the tree too.
    await collect();
    await signalAll("SIGKILL");
    left = await waitGone(Math.max(500, pollMs * 4));
  }
  const stuck = new Set(left.map((t) => t.pid));
  return [...targets.keys()].filter((pid) => !stuck.has(pid)).sort((a, b) => a - b);
}

function trySignal(kill: NonNullable<KillTreeOptions["kill"]>, pid: number, signal: NodeJS.Signals): void {
  try {
    kill(pid, signal);
  } catch {
    // ESRCH: already gone; EPERM: not ours to end. Either way nothing more to do here.
  }
}
