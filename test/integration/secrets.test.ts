// Secrets never leave the process (issue 5): a password in GOPROXY's
// userinfo, a .netrc password in HOME, a GitHub token and a secret-bearing
// GOAUTH in the environment. Every command, in every output format, with the
// GitHub Actions annotations and step summary on, is scanned for each secret
// on stdout, stderr and in the step-summary file.
import { afterEach, describe, expect, it } from "vitest";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { BIG_MODULE } from "../../fixtures/modules.js";
import { CA_CERT_FILE } from "../../fixtures/tls.js";
import { runCli, type CliRun } from "../helpers/cli.js";
import { cleanupAll, leftovers, parseReport, proxy, setup } from "./findings-support.js";

afterEach(cleanupAll);

const PASSWORD = "S3cretPW";
const NETRC_PASSWORD = "N3trcSecret";
const GITHUB_TOKEN = "ghp_Zq8vR2mK5tW9xY3bN6cD1fG4hJ7kL0pQ2sT5";
const GOAUTH_TOKEN = "G0authS3cretTok";
const SECRETS = [PASSWORD, NETRC_PASSWORD, GITHUB_TOKEN, GOAUTH_TOKEN];

function withUserinfo(url: string): string {
  return url.replace("://", `://alice:${PASSWORD}@`);
}

/** An isolated env carrying every secret, with GitHub Actions output on and a step-summary file. */
async function secretEnv(project: "healthy" | "big", goproxy: string, extra: Record<string, string> = {}) {
  const s = await setup(project, goproxy, {
    GITHUB_TOKEN,
    // go1.24+ reads GOAUTH (go1.23 ignores it); a command that prints a header is a real use.
    GOAUTH: `command /bin/echo Authorization: Bearer ${GOAUTH_TOKEN}`,
    GITHUB_ACTIONS: "true",
    ...extra,
  });
  await writeFile(join(s.home, ".netrc"), `machine 127.0.0.1 login alice password ${NETRC_PASSWORD}\n`, { mode: 0o600 });
  const summary = join(s.home, "step-summary.md");
  await writeFile(summary, "");
  s.env.GITHUB_STEP_SUMMARY = summary;
  return { ...s, summary };
}

async function expectNoSecrets(run: CliRun, summaryFile: string, what: string): Promise<void> {
  const summary = await readFile(summaryFile, "utf8");
  for (const secret of SECRETS) {
    expect(run.stdout.includes(secret), `${what}: ${secret} on stdout`).toBe(false);
    expect(run.stderr.includes(secret), `${what}: ${secret} on stderr`).toBe(false);
    expect(summary.includes(secret), `${what}: ${secret} in the step summary`).toBe(false);
  }
}

const FORMATS: [string, string[]][] = [
  ["human", []],
  ["human --verbose", ["--verbose"]],
  ["--json", ["--json"]],
  ["--ndjson", ["--ndjson"]],
];

describe("no secret in any output", () => {
  it("diagnose, GOPROXY http://alice:PASSWORD@… (go refuses to send it over http): every format", async () => {
    const px = await proxy();
    const s = await secretEnv("healthy", withUserinfo(px.url));
    for (const [name, flags] of FORMATS) {
      const run = await runCli(["diagnose", s.dir, "--stall-timeout", "2", "--probe-timeout", "2", ...flags], { env: s.env, timeoutMs: 40_000 });
      expect(run.code, `${name}: ${run.stderr}`).toBe(1);
      await expectNoSecrets(run, s.summary, `diagnose ${name}`);
      // The URL is still shown, masked, so the reader knows which setting is at fault.
      if (name === "human --verbose") expect(run.stdout).toContain(`GOPROXY=http://***@127.0.0.1:${px.port}`);
      if (name === "--json") expect(parseReport(run.stdout).settings.GOPROXY).toBe(`http://***@127.0.0.1:${px.port}`);
      expect(await leftovers(run.marker)).toEqual([]);
    }
    // Annotations and the summary were really written (the scan above was not of nothing).
    expect(await readFile(s.summary, "utf8")).toMatch(/## gomod-doctor/);
  }, 120_000);

  it("diagnose, GOPROXY https://alice:PASSWORD@… that go uses, stalled mid-zip: every format", async () => {
    const px = await proxy({ tls: "trusted", faults: [{ module: BIG_MODULE, kind: "zip", mode: { type: "stall-body", afterBytes: 64 * 1024 } }] });
    const s = await secretEnv("big", withUserinfo(px.url), { SSL_CERT_FILE: CA_CERT_FILE });
    for (const [name, flags] of FORMATS) {
      const run = await runCli(["diagnose", s.dir, "--stall-timeout", "2", "--probe-timeout", "2", ...flags], { env: s.env, timeoutMs: 40_000 });
      expect(run.code, `${name}: ${run.stderr}`).toBe(3);
      await expectNoSecrets(run, s.summary, `diagnose ${name}`);
      // The stalled URL is shown (report, live progress line, annotations), its userinfo masked.
      if (name === "human") {
        expect(run.stdout).toContain(`https://***@127.0.0.1:${px.port}/example.com/big/@v/v1.0.0.zip`);
        expect(run.stderr).toContain(`stalled: no progress`);
        expect(run.stdout).toMatch(/^::error title=GMD105 /m);
      }
      expect(await leftovers(run.marker)).toEqual([]);
    }
    // go did use the credentials (it reached the zip), so the stalled URL carried them.
    expect(px.requests.some((r) => r.path.endsWith(".zip"))).toBe(true);
  }, 120_000);

  it("probe: every format", async () => {
    const px = await proxy({ tls: "trusted", faults: [{ module: "example.com/a", mode: { type: "status", status: 401, body: "unauthorized" } }] });
    const s = await secretEnv("healthy", withUserinfo(px.url), { SSL_CERT_FILE: CA_CERT_FILE });
    for (const [name, flags] of FORMATS) {
      const run = await runCli(["probe", s.dir, "--no-mirrors", "--probe-timeout", "2", ...flags], { env: s.env, timeoutMs: 30_000 });
      expect(run.code, `${name}: ${run.stderr}`).toBe(1);
      await expectNoSecrets(run, s.summary, `probe ${name}`);
    }
  }, 120_000);

  it("analyze of a log quoting the secret URL, a token and a .netrc line: every format", async () => {
    const s = await secretEnv("healthy", "off");
    const log = join(s.home, "build.log");
    const url = `https://alice:${PASSWORD}@goproxy.corp.invalid/example.com/a/@v/v1.0.0.mod`;
    await writeFile(
      log,
      [
        `+ export GITHUB_TOKEN=${GITHUB_TOKEN}`,
        `+ echo "machine goproxy.corp.invalid login alice password ${NETRC_PASSWORD}" > ~/.netrc`,
        `# get ${url}`,
        `# get ${url}: 401 Unauthorized (0.012s)`,
        `go: example.com/a@v1.0.0: reading ${url}: 401 Unauthorized`,
        `\tserver response: missing header Authorization: Bearer ${GOAUTH_TOKEN}`,
        "",
      ].join("\n"),
    );
    for (const [name, flags] of FORMATS) {
      const run = await runCli(["analyze", log, ...flags], { env: s.env, timeoutMs: 20_000 });
      expect(run.code, `${name}: ${run.stderr}`).toBe(1);
      await expectNoSecrets(run, s.summary, `analyze ${name}`);
    }
    // Also from standard input.
    const piped = await runCli(["analyze", "-", "--json"], { env: s.env, input: await readFile(log, "utf8"), timeoutMs: 20_000 });
    expect(parseReport(piped.stdout).findings[0]?.name).toBe("auth-failed");
    await expectNoSecrets(piped, s.summary, "analyze -");
  }, 120_000);

  it("explain: a code, the list, and a secret-bearing argument echoed in the error", async () => {
    const s = await secretEnv("healthy", "off");
    for (const args of [["explain", "GMD302"], ["explain", "--list"], ["explain", "GMD302", "--json"], ["explain", withUserinfo("http://127.0.0.1:1")], ["explain", `token=${GOAUTH_TOKEN}`]]) {
      const run = await runCli(args, { env: s.env, timeoutMs: 20_000 });
      await expectNoSecrets(run, s.summary, args.join(" "));
    }
  }, 60_000);
});
