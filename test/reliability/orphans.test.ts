// No orphans: whatever ends the run (a stall verdict, Ctrl-C, SIGTERM,
// --timeout), no process of the go tree outlives the tool, and the tool still
// prints its report with the exit code its help promises.
import { chmod, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startProxy } from "../../fixtures/proxy.js";
import { processesWithMarker, runCli } from "../helpers/cli.js";
import { parseNdjson } from "../helpers/ndjson.js";
import { cleanupStack, goProcessOf, goProject, leftovers, parseReport, pollFor, startCli, type LiveCli } from "./helpers.js";

const cleanups = cleanupStack();
afterEach(() => cleanups.run());

/** The "big" project against a proxy whose big zip stops after 64 KB, socket held open. */
async function stalledDownload() {
  const px = await startProxy({ faults: [{ module: "example.com/big", kind: "zip", mode: { type: "stall-body", afterBytes: 64 * 1024 } }] });
  cleanups.push(() => px.close());
  // The tool's own temp files (the scratch -modfile copy) go to a TMPDIR of this test's: none may be left behind.
  const tmp = await mkdtemp(join(tmpdir(), "gomod-doctor-orphans-tmp-"));
  cleanups.push(() => rm(tmp, { recursive: true, force: true }));
  const project = await goProject(cleanups, "big", px.url, { TMPDIR: tmp });
  const zipAsked = () => px.requests.some((r) => r.path.endsWith("/example.com/big/@v/v1.0.0.zip"));
  const tempLeft = () => readdir(tmp);
  return { px, ...project, zipAsked, tempLeft };
}

/** Waits until go runs and the proxy has been asked for the zip that stalls: go is mid-download. */
async function whenDownloading(cli: LiveCli, zipAsked: () => boolean, ready: () => boolean = () => true): Promise<void> {
  const ok = await pollFor(async () => ready() && zipAsked() && (await goProcessOf(cli.marker)) !== undefined, 20_000);
  if (!ok) {
    cli.child.kill("SIGKILL");
    throw new Error(`go never started downloading; stderr: ${cli.stderr()}`);
  }
}

function track(cli: LiveCli): LiveCli {
  cleanups.push(async () => {
    cli.child.kill("SIGKILL");
    await cli.done;
  });
  return cli;
}

describe("no process of the go tree outlives the tool", () => {
  it("after a stall verdict (exit 3)", async () => {
    const { dir, env, tempLeft } = await stalledDownload();
    const run = await runCli(["diagnose", dir, "--stall-timeout", "2", "--probe-timeout", "1", "--json"], { env, timeoutMs: 40_000 });
    expect(run.code).toBe(3);
    expect(parseReport(run).outcome).toBe("stalled");
    expect(await leftovers(run.marker)).toEqual([]);
    expect(await tempLeft()).toEqual([]);
  }, 60_000);

  it("after SIGINT while go downloads (plain mode): exit 130 and a human report", async () => {
    const { dir, env, zipAsked, tempLeft } = await stalledDownload();
    const cli = track(startCli(["diagnose", dir, "--stall-timeout", "60", "--probe-timeout", "1"], { env, timeoutMs: 40_000 }));
    await whenDownloading(cli, zipAsked, () => /running .*go mod download/.test(cli.stderr()));
    // go works on a scratch copy of go.mod while it runs...
    expect((await tempLeft()).filter((n) => n.startsWith("gomod-doctor-modfile-"))).toHaveLength(1);
    process.kill(cli.pid, "SIGINT");
    const end = await cli.done;
    expect(end.code).toBe(130);
    expect(cli.stdout()).toMatch(/interrupted/i);
    expect(await leftovers(cli.marker)).toEqual([]);
    expect(await tempLeft()).toEqual([]);
  }, 60_000);

  it("after SIGINT while go downloads (--json): exit 130, stdout still one valid report", async () => {
    const { dir, env, zipAsked, tempLeft } = await stalledDownload();
    const cli = track(startCli(["diagnose", dir, "--stall-timeout", "60", "--probe-timeout", "1", "--json"], { env, timeoutMs: 40_000 }));
    await whenDownloading(cli, zipAsked);
    process.kill(cli.pid, "SIGINT");
    const end = await cli.done;
    expect(end.code).toBe(130);
    const report = parseReport(cli);
    expect(report).toMatchObject({ outcome: "interrupted", exitCode: 130 });
    expect(cli.stderr()).toBe("");
    expect(await leftovers(cli.marker)).toEqual([]);
    expect(await tempLeft()).toEqual([]);
  }, 60_000);

  it("after SIGTERM while go downloads (--ndjson): exit 143, every line JSON, the report last", async () => {
    const { dir, env, zipAsked, tempLeft } = await stalledDownload();
    const cli = track(startCli(["diagnose", dir, "--stall-timeout", "60", "--probe-timeout", "1", "--ndjson"], { env, timeoutMs: 40_000 }));
    await whenDownloading(cli, zipAsked, () => cli.stdout().includes("\n"));
    process.kill(cli.pid, "SIGTERM");
    const end = await cli.done;
    expect(end.code).toBe(143);
    const { events, report } = parseNdjson(cli.stdout());
    expect(events.length).toBeGreaterThan(0);
    // The last line is the report, in the live lines' envelope.
    expect(report).toMatchObject({ outcome: "interrupted", exitCode: 143 });
    expect(await leftovers(cli.marker)).toEqual([]);
    expect(await tempLeft()).toEqual([]);
  }, 60_000);

  it("after SIGTERM while go downloads (--json): exit 143, one valid report", async () => {
    const { dir, env, zipAsked, tempLeft } = await stalledDownload();
    const cli = track(startCli(["diagnose", dir, "--stall-timeout", "60", "--probe-timeout", "1", "--json"], { env, timeoutMs: 40_000 }));
    await whenDownloading(cli, zipAsked);
    process.kill(cli.pid, "SIGTERM");
    const end = await cli.done;
    expect(end.code).toBe(143);
    expect(parseReport(cli)).toMatchObject({ outcome: "interrupted", exitCode: 143 });
    expect(await leftovers(cli.marker)).toEqual([]);
    expect(await tempLeft()).toEqual([]);
  }, 60_000);

  it("after --timeout 2 with a long --stall-timeout: exit 3, outcome timeout, within a few seconds", async () => {
    const { dir, env, tempLeft } = await stalledDownload();
    const run = await runCli(["diagnose", dir, "--timeout", "2", "--stall-timeout", "120", "--probe-timeout", "1", "--json"], { env, timeoutMs: 40_000 });
    expect(run.code).toBe(3);
    const report = parseReport(run);
    expect(report.outcome).toBe("timeout");
    // 2 s of run, 1 s of kill grace at most, 1 s of probes, plus start-up.
    expect(run.ms).toBeLessThan(10_000);
    expect(await leftovers(run.marker)).toEqual([]);
    expect(await tempLeft()).toEqual([]);
  }, 60_000);

  it("after SIGINT while the settings are read (go env hangs): exit 130, one valid report, go env ended", async () => {
    const { dir, env } = await goProject(cleanups, "healthy", "off");
    // A go whose `go env` never answers: the tool is interrupted before the download starts.
    const bin = await mkdtemp(join(tmpdir(), "gomod-doctor-hanging-go-"));
    cleanups.push(() => rm(bin, { recursive: true, force: true }));
    await writeFile(join(bin, "go"), "#!/bin/sh\nexec sleep 60\n");
    await chmod(join(bin, "go"), 0o755);
    const cli = track(startCli(["diagnose", dir, "--json"], { env: { ...env, PATH: `${bin}:/usr/bin:/bin` }, timeoutMs: 30_000 }));
    const hanging = await pollFor(async () => (await processesWithMarker(cli.marker)).find((p) => p.cmd.startsWith("sleep 60")), 10_000);
    expect(hanging, cli.stderr()).toBeDefined();
    process.kill(cli.pid, "SIGINT");
    const end = await cli.done;
    expect(end.code).toBe(130);
    expect(cli.stderr()).toBe("");
    expect(parseReport(cli)).toMatchObject({ outcome: "interrupted", exitCode: 130 });
    expect(await leftovers(cli.marker)).toEqual([]);
  }, 40_000);
});
