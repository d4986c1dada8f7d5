// GMD9xx: fallbacks. When a stall or failure matches no known cause, name
// what was stuck or failed and say what could not be determined.
import type { Finding, Suspect } from "../report/schema.js";
import { formatMs } from "../util/format.js";
import { makeFinding } from "./fixes.js";
import { quotedStatus } from "./net-text.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

export const UNEXPLAINED_STALL: CauseInfo = {
  code: "GMD901",
  name: "unexplained-stall",
  title: "The download stalled for a reason the probes could not find",
  explain:
    "Progress stopped, but no probe or trace line points at a known cause. The finding names the request, module or command that was " +
    "waiting, so it can be retried by hand with `go mod download -x MOD@VER`; run `gomod-doctor probe --verbose` to see every probe's facts.",
};

export const UNEXPLAINED_FAILURE: CauseInfo = {
  code: "GMD902",
  name: "unexplained-failure",
  title: "The download failed for a reason no rule recognises",
  explain:
    "The go command failed with errors no rule matches. The finding quotes them; `go mod download -x` with the module shows the request that failed.",
};

export const INTERNAL_ERROR: CauseInfo = {
  code: "GMD999",
  name: "internal-rule-error",
  title: "A rule family failed (a bug in gomod-doctor)",
  explain: "A rule family threw while judging the evidence; the other families still ran. Please report it with the --json output.",
};

/** What a suspect waited on: a URL, a vcs command with its repository, a lock file, a module. */
function suspectLabel(s: Suspect): string {
  if (s.url) return s.url;
  if (s.command) return s.repo ? `${s.command} (${s.repo})` : s.command;
  return s.lockFile ?? [s.module, s.version].filter(Boolean).join("@");
}

function stalled(e: Evidence): Finding[] {
  const stall = e.trace?.stall;
  if (!(e.outcome === "stalled" || e.outcome === "timeout" || stall)) return [];
  const suspects = stall?.suspects ?? [];
  const outstanding = e.trace?.outstanding ?? [];
  const first = suspects[0];
  if (first?.kind === "silent" && first.logEnd) return [endedAfterAnswers(e)];
  const idle = "the go command (no request outstanding)";
  const what = first ? suspectLabel(first) || (first.kind === "silent" ? idle : first.kind) : outstanding[0]?.url ?? idle;
  const module = first?.module ?? (e.trace?.modules ?? []).find((m) => m.state === "stalled" || m.state === "downloading")?.path;
  return [
    makeFinding(UNEXPLAINED_STALL, {
      title: `Stalled on ${what}; cause not determined`,
      severity: "blocker",
      confidence: 0.3,
      why:
        `No progress for ${formatMs(stall?.idleMs ?? first?.idleMs ?? 0)} while waiting on ${what}. ` +
        "The probes found no failing endpoint, lock or prompt that explains it.",
      evidence: [
        ...suspects.slice(0, 4).map((s) => `${s.kind}: ${suspectLabel(s)} idle ${formatMs(s.idleMs)}`),
        ...outstanding.slice(0, 2).map((r) => `outstanding: ${r.url}`),
        ...(e.probes.length === 0 ? ["no probes ran (analyze of a log): the endpoints were not checked"] : []),
      ],
      ...(module ? { modules: [module] } : {}),
      fixes: [
        {
          summary: "Retry the stuck module alone with the trace on, and check the endpoints",
          commands: [module ? `go mod download -x ${module}${first?.version ? `@${first.version}` : ""}` : "go mod download -x", "gomod-doctor probe --verbose"],
        },
      ],
    }),
  ];
}

/**
 * A saved log that stops right after an answered request, nothing outstanding,
 * no error and no exit (pasted from a hang): go was not waiting on a server.
 * The last answers are the evidence; a goroutine dump shows what go did.
 */
function endedAfterAnswers(e: Evidence): Finding {
  const last = (e.trace?.requests ?? []).filter((r) => r.endedMs !== undefined).slice(-3);
  // go's own words: the status as it printed it (a failure's record keeps its phrase; a 2xx keeps only the code,
  // quoted as go prints it over HTTP/2: `200 OK`), or the transport error.
  const answer = (r: (typeof last)[number]): string =>
    r.status !== undefined ? quotedStatus(r.error ? [`: ${r.error}`] : [], r.status) : r.error ?? "answered";
  const pending = (e.trace?.modules ?? []).filter((m) => m.state !== "done");
  return makeFinding(UNEXPLAINED_STALL, {
    title: "The log stops after every request was answered, with no error: go was not waiting on the network",
    severity: "warning",
    confidence: 0.3,
    why:
      "The last request in the log had its answer and none was left open, yet the log ends with no error and no exit. If go hung here, it hung in its " +
      "own work (resolving versions, walking the module graph, a loop), not on a proxy or repository; a log cannot tell how long it waited.",
    evidence: [
      ...last.map((r) => `# get ${r.url}: ${answer(r)}`),
      ...(pending.length > 0 ? [`not finished: ${pending.slice(0, 3).map((m) => `${m.path}@${m.version}`).join(", ")}${pending.length > 3 ? ` and ${pending.length - 3} more` : ""}`] : []),
    ],
    ...(pending.length > 0 ? { modules: pending.slice(0, 20).map((m) => m.path) } : {}),
    fixes: [
      {
        summary: "Run it under watch: gomod-doctor names what go waits on (a request, a lock, a credential prompt) and ends the hang after --stall-timeout",
        commands: ["gomod-doctor diagnose --stall-timeout 60s"],
      },
      {
        summary: "If go hangs with nothing open, take its goroutine dump (SIGQUIT) for a bug report: it shows where the go command is stuck",
        commands: ["pkill -QUIT -x go"],
        caution: "SIGQUIT ends the go command after printing the dump to its stderr; pkill -x go signals every process named go.",
      },
    ],
  });
}

/**
 * A saved log that ends while modules were still downloading, with no error,
 * no exit status and no request left open: pasted from a run that hung with
 * nothing printed (go prints no -x line while it waits) or cut short. Not "no
 * problems": what was running is named, and how to see the hang.
 */
function endedMidDownload(e: Evidence): Finding[] {
  const t = e.trace;
  if (e.outcome !== "analyzed" || !t || t.exit || t.stall || t.errors.length > 0 || t.outstanding.length > 0) return [];
  const unfinished = t.modules.filter((m) => m.state === "downloading" || m.state === "pending");
  if (unfinished.length === 0) return [];
  const n = unfinished.length;
  const traced = t.requests.length > 0;
  return [
    makeFinding(UNEXPLAINED_STALL, {
      title: `The log ends while the go command was still downloading ${n === 1 ? unfinished[0]!.path : `${n} modules`}, with no error`,
      severity: "warning",
      confidence: 0.3,
      why:
        `go printed \`go: downloading\` for ${n === 1 ? "a module" : `${n} modules`} and then nothing more, no error and no exit: it hung ` +
        "(a hang prints nothing: go sets no deadline on its requests), or the log was cut short. " +
        (traced
          ? "Every traced request had been answered, so go was between requests: unzipping, hashing, or a step that prints no -x line."
          : "Without -x the log does not show which request it waited on."),
      evidence: unfinished.slice(0, 4).map((m) => `go: downloading ${m.path} ${m.version}: not finished when the log ends`),
      modules: unfinished.slice(0, 20).map((m) => m.path),
      fixes: [
        {
          summary: "Run it under watch: gomod-doctor names the request that stops, ends the hang after --stall-timeout and probes the network path",
          commands: ["gomod-doctor diagnose --stall-timeout 60s"],
        },
        { summary: "Or see the requests yourself: the last `# get` line without an answer is the one it waits on", commands: ["go mod download -x"] },
      ],
    }),
  ];
}

/** go run outside any module (an editor opened on a folder above it, GO111MODULE=on without go.mod). */
const NO_MODULE = /cannot find main module|go\.mod file not found in current directory or any parent directory/;

/** The line that says what failed: for an `imports`/`requires` chain, its last link's, not the chain's head. */
function errorLine(x: { message: string; details: string[] }): string {
  if (!/ (?:imports|requires)$/.test(x.message)) return x.message;
  return x.details.find((d) => /: /.test(d)) ?? x.message;
}

/**
 * `ambiguous import: found package P in multiple modules:` then one line per
 * module (`MOD VER (DIR)`): a module split in two, both still required. Not
 * a download problem: only one of them may provide the package.
 */
function ambiguousFix(errors: { message: string; details: string[] }[]): Finding["fixes"][number] | undefined {
  const x = errors.find((err) => /ambiguous import: found package \S+ in multiple modules/.test([err.message, ...err.details].join("\n")));
  if (!x) return undefined;
  const mods = [...new Set(x.details.flatMap((d) => /^(\S+) v\S+(?: \(|$)/.exec(d.trim())?.[1] ?? []))];
  if (mods.length < 2) return undefined;
  return {
    summary: `Only one module may provide the package: see what requires each of ${mods.join(" and ")}, then upgrade the one that still holds it (the split usually moved it out) or drop it`,
    // The shorter path is the module the package was split out of.
    commands: [...mods.map((m) => `go mod why -m ${m}`), `go get ${[...mods].sort((a, b) => a.length - b.length)[0]}@latest`],
  };
}

function failedRun(e: Evidence): Finding[] {
  const errors = e.trace?.errors ?? [];
  if (e.outcome !== "failed" && !(e.outcome === "analyzed" && errors.length > 0)) return [];
  const first = errors[0];
  const noModule = NO_MODULE.test(first?.message ?? "");
  const ambiguous = noModule ? undefined : ambiguousFix(errors);
  return [
    makeFinding(UNEXPLAINED_FAILURE, {
      title: first ? `The go command failed: ${errorLine(first).slice(0, 120)}` : "The go command failed without an error line",
      // Errors naming a module or a request are download failures; others (compile errors) are not ours to block on.
      severity: errors.some((x) => x.module || /https?:\/\/|verifying|download/.test(x.message)) ? "blocker" : "warning",
      confidence: noModule || ambiguous ? 0.8 : 0.3,
      why: noModule
        ? "The go command ran outside any module: there is no go.mod in its directory or any parent (an editor opened on a folder above the module, a CI step in the wrong directory, a GOPATH project with modules on). Nothing was downloaded or failed to download."
        : ambiguous
          ? "Two required modules both contain the imported package (a module split in two, or a package moved to its own module while the old module's version still has it): go cannot choose. Nothing failed to download; the requirements need one of them upgraded or dropped."
          : "No rule recognises these errors; they are quoted as the go command printed them.",
      evidence: [...new Set(errors.map((x) => [x.message, ...x.details.slice(0, 2)].join(" | ")))].slice(0, 4),
      modules: [...new Set(errors.flatMap((x) => (x.module ? [x.module] : [])))],
      fixes: [
        noModule
          ? { summary: "Run the go command where go.mod is (the module's root or below it), or create one", commands: ["go env GOMOD", "go mod init <MODULE_PATH>"] }
          : (ambiguous ?? { summary: "Re-run the failing module with the trace on", commands: [first?.module ? `go mod download -x ${first.module}${first.version ? `@${first.version}` : ""}` : "go mod download -x"] }),
      ],
    }),
  ];
}

export const genericFamily: RuleFamily = {
  family: "generic",
  causes: [UNEXPLAINED_STALL, UNEXPLAINED_FAILURE, INTERNAL_ERROR],
  evaluate(e) {
    return [...stalled(e), ...failedRun(e), ...endedMidDownload(e)];
  },
};
