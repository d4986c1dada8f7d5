// analyze over real logs copied from public issue threads (fixtures/logs):
// the top finding must be the cause the thread established.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runAnalyze } from "../../src/commands/analyze.js";
import { readLogHeader } from "../../src/trace/timestamps.js";
import { ReportSchema } from "../../src/report/schema.js";
import { runCli } from "../helpers/cli.js";

const LOGS = fileURLToPath(new URL("../../fixtures/logs/", import.meta.url));
const files = readdirSync(LOGS).filter((f) => f.endsWith(".log"));

const output = { mode: "json" as const, color: false, verbose: false, debug: false, interactive: false, githubActions: false };

describe("analyze on recorded real-world logs", () => {
  it("has logs to read, each naming its source and expected cause", () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const f of files) {
      const header = readLogHeader(readFileSync(path.join(LOGS, f), "utf8"));
      expect(header.source?.[0], f).toMatch(/^(https:\/\/|recorded from )/);
      expect(header.expect?.[0], f).toBeTruthy();
    }
  });

  it.each(files)("%s: the top finding is the cause the thread established", async (file) => {
    const header = readLogHeader(readFileSync(path.join(LOGS, file), "utf8"));
    const report = await runAnalyze({
      output,
      file: path.join(LOGS, file),
      dir: LOGS,
      probeTimeoutMs: 1000,
      mirrors: false,
      stallTimeoutMs: 30_000,
      probe: false,
    });
    ReportSchema.parse(report);
    expect(report.findings[0]?.name, JSON.stringify(report.findings.map((f) => f.name))).toBe(header.expect![0]);
    expect(report.limits.join("\n")).toMatch(/no probes were run/);
  });

  it("reads a log from standard input through the CLI", async () => {
    const text = readFileSync(path.join(LOGS, "tls-unknown-authority-list.log"), "utf8");
    const run = await runCli(["analyze", "-", "--json"], { input: text, env: { PATH: process.env.PATH } });
    expect(run.code).toBe(1);
    const report = ReportSchema.parse(JSON.parse(run.stdout));
    expect(report.findings[0]?.name).toBe("tls-untrusted");
  });

  it("a missing file is one clear error, exit 2", async () => {
    const run = await runCli(["analyze", "/nonexistent/build.log"], { env: { PATH: process.env.PATH } });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/cannot read \/nonexistent\/build\.log: no such file/);
  });
});

describe("a log that ends right after a zip's headers", () => {
  // What a healthy `go mod download -x` prints last, and what a run hung on that body prints last.
  const lines = ["info", "mod", "zip"].flatMap((ext) => {
    const url = `https://proxy.golang.org/example.com/a/@v/v1.0.0.${ext}`;
    return [`# get ${url}`, `# get ${url}: 200 OK (0.012s)`];
  });

  it("names the zip as a suspicion (warning, logEnd), not as a proven stall", async () => {
    const run = await runCli(["analyze", "-", "--json"], { input: `${lines.join("\n")}\n`, env: { PATH: process.env.PATH } });
    const report = ReportSchema.parse(JSON.parse(run.stdout));
    const top = report.findings[0]!;
    expect(top.code).toBe("GMD105");
    expect(top.severity).toBe("warning");
    expect(top.title).toMatch(/^The log ends while the zip of example\.com\/a@v1\.0\.0 was arriving/);
    expect(report.stall?.suspects[0]).toMatchObject({ kind: "zip-body", module: "example.com/a", logEnd: true });
    expect(report.findings.some((f) => f.severity === "blocker")).toBe(false);
  });

  it("with go's -json result for that module after it, the run is healthy: no finding about the zip", async () => {
    const result = JSON.stringify({ Path: "example.com/a", Version: "v1.0.0", Zip: "/m/cache/download/example.com/a/@v/v1.0.0.zip", Sum: "h1:x=" }, null, "\t");
    const run = await runCli(["analyze", "-", "--json"], { input: `${lines.join("\n")}\n${result}\n`, env: { PATH: process.env.PATH } });
    const report = ReportSchema.parse(JSON.parse(run.stdout));
    expect(run.code).toBe(0);
    expect(report.findings.map((f) => f.code)).not.toContain("GMD105");
  });
});

describe("a log that stops right after answered requests, nothing open and no error (golang/go#60490)", () => {
  it("says go was not waiting on the network, quotes the last answers, and offers the watch and a goroutine dump", async () => {
    const report = ReportSchema.parse(JSON.parse((await runCli(["analyze", path.join(LOGS, "get-hang-x-trace.log"), "--json"], { env: { PATH: process.env.PATH } })).stdout));
    const top = report.findings[0]!;
    expect(top.code).toBe("GMD901");
    expect(top.severity).toBe("warning");
    expect(top.title).toBe("The log stops after every request was answered, with no error: go was not waiting on the network");
    expect(top.evidence[0]).toBe("# get https://proxy.golang.org/go.seankhliao.com/svcrunner/@v/v2.0.0-20230529180531-0b2d0f41fac6.info: 404 Not Found");
    expect(top.evidence.join("\n")).not.toMatch(/silent|idle 0ms/);
    expect(top.fixes.flatMap((f) => f.commands)).toEqual(["gomod-doctor diagnose --stall-timeout 60s", "pkill -QUIT -x go"]);
    expect(report.stall?.suspects[0]).toMatchObject({ kind: "silent", logEnd: true });
  });
});
