// Records the -x trace (stderr) of the real go command against the fixture
// proxy into fixtures/logs/recorded-<scenario>.log, each line stamped with the
// time it arrived (GitHub Actions style), so `gomod-doctor analyze` reads real
// timings. Run once, commit the outputs:
//   npm run build:dev && node dist-dev/scripts/record-log.js [scenario...]
// (dist-dev/fixtures needs the modules/ and projects/ folders next to it.)
import { spawn } from "node:child_process";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { startProxy, type Fault } from "../fixtures/proxy.js";
import { makeProject, type ProjectName } from "../fixtures/projects.js";
import { GO123, isolatedGoEnv } from "../fixtures/run-go.js";
import { refusedPort } from "../fixtures/endpoints.js";

export interface Scenario {
  name: string;
  /** The finding the top diagnosis must name, live and from the log. */
  expect: string;
  project: ProjectName;
  /** Faults of the fixture proxy; "refused" points GOPROXY at a port nobody listens on. */
  proxy: Fault[] | "refused";
  note: string;
}

export const SCENARIOS: Scenario[] = [
  {
    name: "zip-stalled",
    expect: "zip-stalled",
    project: "big",
    proxy: [{ module: "example.com/big", kind: "zip", mode: { type: "stall-body", afterBytes: 64 * 1024 } }],
    note: "example.com/big's zip: headers and 64 KiB of the body, then nothing (socket held open); go killed after 3 s of silence",
  },
  {
    name: "private-404",
    expect: "private-not-in-goprivate",
    project: "private",
    proxy: [],
    note: "corp.example.com/private/lib is not on the proxy (404 with a proxy.golang.org-style body); GOPRIVATE unset",
  },
  {
    name: "proxy-refused",
    expect: "proxy-refused",
    project: "healthy",
    proxy: "refused",
    note: "GOPROXY is a loopback port with nothing listening",
  },
];

/** Lines go printed on stderr, stamped on arrival; ends at exit or after `silenceMs` without a line (then kills go). */
async function record(argv: string[], cwd: string, env: Record<string, string>, silenceMs: number): Promise<string[]> {
  const child = spawn(argv[0]!, argv.slice(1), { cwd, env, detached: true, stdio: ["ignore", "ignore", "pipe"] });
  const lines: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const kill = () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  };
  const quiet = () => {
    clearTimeout(timer);
    timer = setTimeout(kill, silenceMs);
  };
  quiet();
  createInterface({ input: child.stderr! }).on("line", (line) => {
    lines.push(`${new Date().toISOString()} ${line}`);
    quiet();
  });
  const hardStop = setTimeout(kill, 60_000);
  await new Promise((resolve) => child.on("close", resolve));
  clearTimeout(timer);
  clearTimeout(hardStop);
  return lines;
}

export async function recordScenario(s: Scenario): Promise<string> {
  const proxy = s.proxy === "refused" ? undefined : await startProxy({ faults: s.proxy });
  const url = proxy?.url ?? `http://127.0.0.1:${await refusedPort()}`;
  const project = await makeProject(s.project);
  const go = await isolatedGoEnv({ proxy: url });
  try {
    const version = execFileSync(GO123, ["env", "GOVERSION"], { env: go.env, encoding: "utf8" }).trim();
    // The command gomod-doctor diagnose runs.
    const lines = await record([GO123, "mod", "download", "-x", "-json"], project.dir, go.env, 3000);
    return [
      `#! source: recorded from ${version} against fixtures/proxy.ts (${s.name})`,
      `#! expect: ${s.expect}`,
      `#! note: ${s.note}; \`go mod download -x -json\` stderr, GOPROXY=${url}`,
      ...lines,
      "",
    ].join("\n");
  } finally {
    await proxy?.close();
    await project.cleanup();
    await go.cleanup();
  }
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const wanted = process.argv.slice(2);
  const logs = fileURLToPath(new URL("../../fixtures/logs/", import.meta.url));
  for (const s of SCENARIOS.filter((x) => wanted.length === 0 || wanted.includes(x.name))) {
    const text = await recordScenario(s);
    writeFileSync(`${logs}recorded-${s.name}.log`, text);
    process.stderr.write(`recorded fixtures/logs/recorded-${s.name}.log (${text.split("\n").length} lines)\n`);
  }
}
