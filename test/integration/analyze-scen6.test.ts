// analyze over the log shapes of scenario round 6: a log that ends with go's
// fatal error (go exited, it did not hang), a pasted log whose last request
// has no answer line (no made-up wait), and successful logs with a slow zip
// (no stalled-body verdict).
import { describe, expect, it } from "vitest";
import { ReportSchema, type Report } from "../../src/report/schema.js";
import { runCli } from "../helpers/cli.js";

async function analyze(lines: string[]): Promise<{ code: number | undefined; report: Report }> {
  const run = await runCli(["analyze", "-", "--json"], { input: `${lines.join("\n")}\n`, env: { PATH: process.env.PATH } });
  return { code: run.code, report: ReportSchema.parse(JSON.parse(run.stdout)) };
}

const get = (url: string, answer?: string) => (answer === undefined ? [`# get ${url}`] : [`# get ${url}`, `# get ${url}: ${answer}`]);
const A = "https://proxy.golang.org/example.com/a/@v/v1.0.0.mod";
const B = "https://proxy.golang.org/example.com/b/@v/v1.2.0.mod";

describe("a log that ends with go's fatal error", () => {
  it("is no stall: go exited on the error, and its open request is not a silent proxy", async () => {
    const { code, report } = await analyze([...get(A, "200 OK (0.011s)"), ...get(B), "go: example.com/b@v1.2.0: no space left on device"]);
    expect(code).toBe(1);
    expect(report.stall).toBeUndefined();
    expect(report.findings[0]?.name).toBe("disk-full");
    expect(report.findings.map((f) => f.name)).not.toContain("proxy-blackholed");
    expect(report.limits.join("\n")).toContain("the log ends with go's error, so go exited there");
    // Nothing is listed as a suspect, and the limits do not say so.
    expect(report.limits.join("\n")).not.toContain("listed as suspects");
  });

  it("look-alike: the same log without the error was cut while go waited: the open request is the suspect", async () => {
    const { report } = await analyze([...get(A, "200 OK (0.011s)"), ...get(B)]);
    expect(report.stall?.suspects[0]).toMatchObject({ kind: "http", url: B, logEnd: true });
    expect(report.findings[0]?.name).toBe("proxy-blackholed");
    expect(report.limits.join("\n")).toContain("requests that never ended are listed as suspects");
  });
});

describe("a request with no answer line before the log ends", () => {
  it("without timestamps: worded 'no answer before the log ends', never a made-up duration", async () => {
    const { report } = await analyze([...get(A, "200 OK (0.011s)"), ...get(B)]);
    const top = report.findings[0]!;
    const text = [top.title, top.why, ...top.evidence].join("\n");
    expect(text).toContain("no answer before the log ends");
    expect(text).not.toMatch(/nothing for \d|after \d+\.\ds|waited 0\.0s|\b30s\b/);
    expect(report.stall?.idleMs).toBe(0);
  });

  it("with timestamps: the time up to the log's end, not the stall timeout added to it", async () => {
    const { report } = await analyze([
      `2026-11-25T09:03:04.000Z # get ${A}`,
      `2026-11-25T09:03:04.100Z # get ${A}: 200 OK (0.100s)`,
      `2026-11-25T09:03:04.100Z # get ${B}`,
      `2026-11-25T09:03:16.100Z some other tool's line`,
    ]);
    const text = report.findings.flatMap((f) => [f.title, f.why, ...f.evidence]).join("\n");
    expect(text).toContain("no answer in the 12s before the log ends");
    expect(text).not.toMatch(/4[0-9]s|42\.\ds/);
  });
});

describe("a successful log with a slow zip", () => {
  const BIG = "https://proxy.golang.org/example.com/big/@v/v1.0.0.zip";
  const SMALL = "https://proxy.golang.org/example.com/small/@v/v1.0.0.zip";

  it("go build went on to compile after the slow zip: no stalled-body finding at all", async () => {
    const { code, report } = await analyze([
      "2026-11-25T09:03:04.787Z go: downloading example.com/small v1.0.0",
      `2026-11-25T09:03:04.787Z # get ${SMALL}`,
      `2026-11-25T09:03:04.860Z # get ${SMALL}: 200 OK (0.005s)`,
      "2026-11-25T09:03:04.900Z go: downloading example.com/big v1.0.0",
      `2026-11-25T09:03:04.900Z # get ${BIG}`,
      `2026-11-25T09:03:04.950Z # get ${BIG}: 200 OK (0.040s)`,
      "2026-11-25T09:04:34.837Z WORK=/tmp/go-build123",
    ]);
    expect(code).toBe(0);
    expect(report.findings.map((f) => f.code)).not.toContain("GMD105");
  });

  it("a zip whose body broke off and resumed, then go's -json result: done, no blocker", async () => {
    const { code, report } = await analyze([
      `2026-11-25T09:03:04.787Z # get ${BIG}`,
      `2026-11-25T09:03:04.837Z # get ${BIG}: 200 OK (0.040s)`,
      `2026-11-25T09:03:50.837Z # get ${BIG}: interrupted`,
      `2026-11-25T09:03:50.840Z # get ${BIG} (offset 1048576)`,
      `2026-11-25T09:03:50.900Z # get ${BIG}: 206 Partial Content (0.060s)`,
      ...JSON.stringify({ Path: "example.com/big", Version: "v1.0.0", Sum: "h1:abc=" }, null, "\t").split("\n").map((l) => `2026-11-25T09:04:30.000Z ${l}`),
    ]);
    expect(code).toBe(0);
    expect(report.findings.filter((f) => f.severity === "blocker")).toEqual([]);
    expect(report.findings.map((f) => f.code)).not.toContain("GMD105");
  });

  it("look-alike: a log that simply ends after the zip's headers keeps its suspicion (a warning)", async () => {
    const { report } = await analyze([...get(SMALL, "200 OK (0.005s)"), ...get(BIG, "200 OK (0.040s)")]);
    expect(report.findings[0]).toMatchObject({ code: "GMD105", severity: "warning" });
  });
});
