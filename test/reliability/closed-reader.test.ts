// `gomod-doctor … | head`: the reader closes the pipe after a few bytes. The
// tool must not die with a stack trace (EPIPE), and must still exit by itself.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BIN, runCli } from "../helpers/cli.js";

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A healthy `-x` log of n modules: its JSON report is far bigger than a pipe's buffer. */
function healthyLog(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    for (const ext of ["info", "mod", "zip"]) {
      const url = `https://proxy.golang.org/example.com/m${i}/@v/v1.0.${i}.${ext}`;
      out.push(`# get ${url}`, `# get ${url}: 200 OK (0.012s)`);
    }
  }
  return `${out.join("\n")}\n`;
}

/** Runs the CLI with stdout read for the first chunk only, then closed (as `| head -c` does). */
function runThenCloseReader(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { PATH: process.env.PATH ?? "/usr/bin:/bin", NO_COLOR: "1" } });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.once("data", () => child.stdout.destroy());
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe("a reader that goes away", () => {
  it("analyze --json | head: no stack trace, the exit code of the report", async () => {
    dir = await mkdtemp(join(tmpdir(), "gmd-epipe-"));
    const log = join(dir, "x.log");
    await writeFile(log, healthyLog(3000));
    const whole = await runCli(["analyze", log, "--json"], { env: { PATH: process.env.PATH } });
    expect(whole.stdout.length).toBeGreaterThan(256 * 1024); // far more than a pipe holds
    const r = await runThenCloseReader(["analyze", log, "--json"]);
    expect(r.stderr).not.toMatch(/EPIPE|Error:|\n\s+at /);
    expect(r.code).toBe(whole.code);
  }, 40_000);

  it("explain --all style long output | head: no stack trace", async () => {
    const r = await runThenCloseReader(["explain"]);
    expect(r.stderr).not.toMatch(/EPIPE|Error:|\n\s+at /);
    expect([0, 2]).toContain(r.code);
  }, 40_000);
});
