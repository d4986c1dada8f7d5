// Runs one go command under watch: its -x trace and the module cache feed the
// stall detector; a stall, --timeout or an interrupt ends the whole process
// tree. Returns what happened as data; prints nothing.
import { execa } from "execa";
import type { Event } from "../trace/events.js";
import type { TraceSummary, Verdict } from "../stall/types.js";
import { parseTraceLine } from "../trace/parse.js";
import { eachLine } from "./each-line.js";
import { createDetectorRun, summarize, verdict as verdictOf } from "../stall/detector.js";
import { createCacheWatcher, type CacheWatcher } from "../watch/cache-watcher.js";
import { findLockWaits } from "../watch/locks.js";
import { findPromptWaiters } from "../watch/process-tree.js";
import { killTree } from "../watch/kill-tree.js";
import { realProc } from "../watch/proc.js";
import { moduleResultEvents } from "./module-results.js";
import { printsModuleJson } from "./go-args.js";
import { createEchoFilter } from "./command-echo.js";

export type RunOutcome = "ok" | "failed" | "stalled" | "timeout" | "interrupted";

export interface GoRunOptions {
  goBin: string;
  /** The module root: go runs there. */
  dir: string;
  /**
   * The module cache, from `go env` (which may still be running: go starts
   * first). When it rejects, the settings could not be read: the go tree is
   * ended and runGo rejects with that error.
   */
  gomodcache: string | Promise<string>;
  args: string[];
  env: NodeJS.ProcessEnv;
  stallTimeoutMs: number;
  slowThresholdBps: number;
  timeoutMs?: number;
  keepGoing: boolean;
  /** Aborted on Ctrl-C / SIGTERM to the tool. */
  signal?: AbortSignal;
  pollMs?: number;
  now?: () => number;
  onEvent?: (event: Event) => void;
  /** Each poll: the running picture (built only when asked: it costs a walk over every module) and the milliseconds since go started. */
  onTick?: (summary: () => TraceSummary, elapsedMs: number) => void;
  /** Called with each new verdict kind (running -> stalled...). */
  onVerdict?: (verdict: Verdict, summary: TraceSummary) => void;
  /** Rewrites each line go prints before it is read (scratch -modfile paths back to the user's). */
  relabel?: (line: string) => string;
  /** Lines go printed that are not trace: shown to the user for non-download commands. */
  onPassthrough?: (stream: "stdout" | "stderr", line: string) => void;
}

export interface GoRunResult {
  outcome: RunOutcome;
  exitCode: number | null;
  signal?: string;
  summary: TraceSummary;
  /** Pids of the go tree that the tool ended. */
  ended: number[];
  /** What the tool could not check (e.g. no /proc/locks). */
  limits: string[];
  /** git/ssh processes of the tree that looked like they waited on a prompt at the stall. */
  promptWaiters: { pid: number; command: string; why: string }[];
  /** The last lines go printed on stderr for the user (not trace, not -x command echo): compile errors and the like. */
  ownLines: string[];
}

/** How many of go's own stderr lines are kept for the report. */
const OWN_LINES = 40;
/** Events kept for the cache watcher while `go env` still runs (it takes tens of milliseconds). */
const EARLY_EVENTS = 4096;

export async function runGo(options: GoRunOptions): Promise<GoRunResult> {
  const now = options.now ?? Date.now;
  const pollMs = options.pollMs ?? Math.max(50, Math.min(250, options.stallTimeoutMs / 8));
  const t0 = now();
  // The detector changes its state in place (no copy per event): `state` is the same object throughout.
  const detector = createDetectorRun({ stallTimeoutMs: options.stallTimeoutMs, slowThresholdBps: options.slowThresholdBps }, t0);
  const state = detector.state;
  // Until the module cache's path is known, the watcher's events wait here (go's first few lines).
  let watcher: CacheWatcher | undefined;
  let gomodcache: string | undefined;
  const early: Event[] = [];
  let setupError: { error: unknown } | undefined;
  const limits = new Set<string>();
  let promptWaiters: GoRunResult["promptWaiters"] = [];
  let lastVerdict: Verdict["kind"] = "running";
  let lockChecked = 0;

  const feed = (event: Event): void => {
    detector.push(event);
    if (watcher) watcher.observe(event);
    else if (early.length < EARLY_EVENTS) early.push(event);
    options.onEvent?.(event);
  };

  let finish!: (outcome: RunOutcome) => void;
  const finished = new Promise<RunOutcome>((resolve) => (finish = resolve));

  const child = execa(options.goBin, options.args, {
    cwd: options.dir,
    env: options.env,
    extendEnv: false,
    // Own process group: the whole tree (git, ssh) can be ended together, and
    // a credential prompt cannot grab the user's terminal and hang.
    detached: true,
    stdin: "ignore",
    reject: false,
    buffer: false,
    stripFinalNewline: false,
  });
  const pid = child.pid;

  const jsonStdout = printsModuleJson(options.args);
  const showsUser = createEchoFilter();
  const ownLines: string[] = [];
  const relabel = options.relabel ?? ((line: string) => line);
  const stderrDone = eachLine(child.stderr!, (raw) => {
    const line = relabel(raw);
    const event = parseTraceLine(line, now());
    if (!event) return;
    feed(event);
    const visible = showsUser(line); // every line: it tracks heredocs
    if (visible && (event.kind === "output" || event.kind === "go-error" || event.kind === "go-error-detail")) {
      options.onPassthrough?.("stderr", line);
      if (ownLines.push(line) > OWN_LINES) ownLines.shift();
    }
  });
  const stdoutDone = (async () => {
    if (jsonStdout) {
      for await (const event of moduleResultEvents(child.stdout!, now)) feed(event);
    } else {
      await eachLine(child.stdout!, (raw) => {
        const line = relabel(raw);
        feed({ t: now(), kind: "output", line });
        options.onPassthrough?.("stdout", line);
      });
    }
  })();

  let stopped = false;

  void Promise.resolve(options.gomodcache).then(
    (dir) => {
      gomodcache = dir;
      watcher = createCacheWatcher({ gomodcache: dir, ...(pid !== undefined ? { processes: { proc: realProc, rootPid: pid } } : {}) });
      for (const event of early.splice(0)) watcher.observe(event);
    },
    (error: unknown) => {
      setupError = { error };
      finish("interrupted");
    },
  );

  const tick = async (): Promise<void> => {
    if (stopped) return;
    const t = now();
    if (watcher) for (const event of await watcher.poll(t)) feed(event);
    feed({ t, kind: "tick" });
    const quiet = t - state.lastProgressAt;
    // A silent go process may be waiting on a lock or a prompt: look before judging.
    if (pid !== undefined && watcher && gomodcache !== undefined && quiet >= options.stallTimeoutMs / 2 && t - lockChecked >= options.stallTimeoutMs / 2) {
      lockChecked = t;
      const locks = await findLockWaits({ rootPid: pid, gomodcache, lockFiles: watcher.lockFiles() });
      if (!locks.supported) limits.add("module-cache locks could not be checked: /proc/locks is not available on this system");
      for (const wait of locks.waits) feed({ t, kind: "lock-wait", ...wait });
      promptWaiters = await findPromptWaiters(pid);
    }
    options.onTick?.(() => summarize(state), t - t0);
    const v = verdictOf(state);
    if (v.kind !== lastVerdict) {
      lastVerdict = v.kind;
      options.onVerdict?.(v, summarize(state));
      if (v.kind === "stalled" && !options.keepGoing) finish("stalled");
    }
    if (options.timeoutMs !== undefined && t - t0 >= options.timeoutMs) finish("timeout");
  };

  let ticking = false;
  const timer = setInterval(() => {
    if (ticking) return;
    ticking = true;
    tick()
      .catch(() => undefined)
      .finally(() => (ticking = false));
  }, pollMs);

  const onAbort = () => finish("interrupted");
  options.signal?.addEventListener("abort", onAbort, { once: true });
  if (options.signal?.aborted) finish("interrupted");

  void child.then((result) => {
    finish(result.exitCode === 0 ? "ok" : "failed");
  });

  let outcome = await finished;
  stopped = true;
  clearInterval(timer);
  options.signal?.removeEventListener("abort", onAbort);

  let ended: number[] = [];
  if (outcome !== "ok" && outcome !== "failed" && pid !== undefined) {
    ended = await killTree(pid, { graceMs: 1000 });
  }
  const result = await child;
  await Promise.allSettled([stderrDone, stdoutDone]);
  if (setupError) throw setupError.error;
  // The final cache state: zips that completed between the last poll and exit.
  if (watcher) for (const event of await watcher.poll(now())) feed(event);
  if (outcome === "failed" && result.exitCode === 0) outcome = "ok";
  feed({
    t: now(),
    kind: "exit",
    code: result.exitCode ?? null,
    ...(result.signal ? { signal: result.signal } : {}),
  });
  return {
    outcome,
    exitCode: result.exitCode ?? null,
    ...(result.signal ? { signal: result.signal } : {}),
    summary: summarize(state),
    ended,
    limits: [...limits],
    promptWaiters,
    ownLines,
  };
}
