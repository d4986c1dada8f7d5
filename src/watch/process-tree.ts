// The go command's process tree (go, git, ssh, credential helpers) from
// /proc, and the signs that one of them waits on a human: a git or ssh that
// can reach a terminal, an ssh without BatchMode, a credential helper or
// askpass program running. Linux only; elsewhere the lists come back empty.
import { redactText } from "../util/redact.js";
import { descendantsIn, readArgv, readProcStat, realProc, scanProcesses, type ProcReader, type ProcStat } from "./proc.js";

/** Every process whose ancestry leads to rootPid (rootPid itself excluded), parents before children. */
export async function listDescendants(rootPid: number, proc: ProcReader = realProc): Promise<number[]> {
  const table = await scanProcesses(proc);
  return table ? descendantsIn(table, rootPid) : [];
}

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** argv joined by spaces, URL credentials and tokens redacted. */
  command: string;
  argv: string[];
  /** R running, S sleeping, D disk wait, Z zombie, T stopped... */
  state: string;
  /** It has a controlling terminal (stat tty_nr != 0). */
  controllingTty: boolean;
  /** One of fd 0/1/2 is a terminal device. */
  stdioTerminal: boolean;
  /** Kernel function it sleeps in (`n_tty_read` while reading a terminal), when readable. */
  wchan?: string;
}

const TERMINAL = /^\/dev\/(pts\/\d+|tty\w*|console)$/;

export async function describeProcess(pid: number, proc: ProcReader = realProc): Promise<ProcessInfo | undefined> {
  const stat = await readProcStat(pid, proc);
  if (!stat) return undefined;
  return describeFromStat(stat, proc);
}

async function describeFromStat(stat: ProcStat, proc: ProcReader): Promise<ProcessInfo> {
  const pid = stat.pid;
  const argv = await readArgv(pid, proc);
  const fds = await Promise.all([0, 1, 2].map((fd) => proc.readlink(`/proc/${pid}/fd/${fd}`).catch(() => "")));
  const wchan = await proc.readFile(`/proc/${pid}/wchan`).then(
    (w) => w.trim(),
    () => "",
  );
  return {
    pid,
    ppid: stat.ppid,
    argv,
    command: redactText(argv.length > 0 ? argv.join(" ") : `[${stat.comm}]`),
    state: stat.state,
    controllingTty: stat.ttyNr !== 0,
    stdioTerminal: fds.some((target) => TERMINAL.test(target)),
    ...(wchan && wchan !== "0" ? { wchan } : {}),
  };
}

export interface PromptWaiter {
  pid: number;
  command: string;
  why: string;
}

function base(arg: string | undefined): string {
  return (arg ?? "").split("/").pop() ?? "";
}

/** Why this process may be waiting on a human, or undefined. Pure. */
export function promptSign(info: ProcessInfo): string | undefined {
  const prog = base(info.argv[0]);
  const args = info.argv.slice(1);
  const terminal = info.controllingTty || info.stdioTerminal;
  const reading = info.wchan && /tty_read|wait_woken/.test(info.wchan) ? `, sleeping in ${info.wchan}` : "";
  if (/askpass/i.test(prog)) return `an askpass program is running (a password prompt)${reading}`;
  if (prog.startsWith("git-credential-") || (prog === "git" && args.some((a) => /^credential(-|$)/.test(a)))) {
    return `a git credential helper is running (it may be asking for a user name or password)${reading}`;
  }
  if (prog === "ssh") {
    const batch = args.some((a) => /^(-o)?BatchMode=yes$/i.test(a));
    if (!batch) return `ssh runs without BatchMode=yes: it can ask for a host-key confirmation or a password${terminal ? " on the terminal" : ""}${reading}`;
    if (terminal) return `ssh has a terminal${reading}`;
    return undefined;
  }
  if ((prog === "git" || prog.startsWith("git-")) && terminal) return `git has a terminal and can prompt on it${reading}`;
  return undefined;
}

/** git, ssh, credential helpers or askpass in rootPid's tree that look like they wait on a prompt. */
export async function findPromptWaiters(rootPid: number, proc: ProcReader = realProc): Promise<PromptWaiter[]> {
  const out: PromptWaiter[] = [];
  for (const pid of await listDescendants(rootPid, proc)) {
    const info = await describeProcess(pid, proc);
    if (!info || info.state === "Z") continue;
    const why = promptSign(info);
    if (why) out.push({ pid, command: info.command, why });
  }
  return out;
}
