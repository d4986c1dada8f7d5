// The module cache and what go says on the side, with the real go1.23: a zip
// already in the cache that is broken (not a proxy's fault), a retracted
// version go get warns about (advice, not a failure), and Ctrl-C during a
// stuck download (the report names what hung, without probing).
import { rm, stat, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { goBin, runCommand } from "../../fixtures/run-go.js";
import { goProcessOf, pollFor, startCli } from "../reliability/helpers.js";
import { cleanupAll, defer, diagnoseJson, leftovers, names, parseReport, proxy, setup } from "./findings-support.js";

afterEach(cleanupAll);

/** The healthy project, downloaded once; then a's cached zip is damaged by `damage` and its extracted tree removed. */
async function cacheWithBrokenZip(damage: (zip: string) => Promise<void>) {
  const px = await proxy();
  const s = await setup("healthy", px.url);
  const first = await runCommand([goBin("1.23"), "mod", "download"], { cwd: s.dir, env: s.env, timeoutMs: 30_000 });
  expect(first.code, first.stderr).toBe(0);
  const zip = join(s.gomodcache, "cache/download/example.com/a/@v/v1.0.0.zip");
  // The isolated env sets -modcacherw: the extracted tree can be removed as is.
  await rm(join(s.gomodcache, "example.com/a@v1.0.0"), { recursive: true, force: true });
  await damage(zip);
  const asked = px.requests.length;
  return { px, s, zip, asked };
}

describe("a broken zip already in the module cache", () => {
  it("a truncated cached zip: the cache's copy is the blocker (path, size, not fetched this run), the exact rm, no proxy blamed", async () => {
    const { px, s, zip, asked } = await cacheWithBrokenZip(async (z) => truncate(z, 100));
    const { run, report } = await diagnoseJson(s.dir, s.env, [], { timeoutMs: 30_000 });
    expect(run.code, run.stderr).toBe(1);
    // go did not ask the proxy for that zip again: the broken file is the cache's.
    expect(px.requests.slice(asked).some((r) => r.path.endsWith("/example.com/a/@v/v1.0.0.zip"))).toBe(false);
    const top = report.findings[0];
    expect(top?.code, names(report).join(", ")).toBe("GMD406");
    expect(top?.severity).toBe("blocker");
    expect(top?.title).toContain("example.com/a@v1.0.0");
    expect(top?.evidence.join("\n")).toContain(`${zip}: 100 B`);
    expect(top?.evidence.join("\n")).toMatch(/no request for example\.com\/a@v1\.0\.0's zip in the trace/);
    expect(top?.fixes[0]?.commands[0]).toBe(`rm -f ${zip} ${zip}hash`);
    expect(top?.fixes.flatMap((f) => f.commands)).toContain("go clean -modcache");
    // The proxy suspicion (GMD112) is folded under it, not shown as a second cause.
    expect(names(report)).not.toContain("proxy-bad-response");
    // The tool only printed the fix: the broken file is still there.
    expect((await stat(zip)).size).toBe(100);
  }, 60_000);

  it("garbage in place of the cached zip (go says `zip: not a valid zip file`): the same diagnosis", async () => {
    const { s } = await cacheWithBrokenZip(async (z) => writeFile(z, Buffer.from("PK\x03\x04garbage-garbage-garbage")));
    const { run, report } = await diagnoseJson(s.dir, s.env, [], { timeoutMs: 30_000 });
    expect(run.code).toBe(1);
    expect(report.findings[0]?.code, names(report).join(", ")).toBe("GMD406");
    expect(report.findings[0]?.title).toMatch(/not a valid zip file/);
  }, 60_000);
});

describe("a retracted version", () => {
  it("go get of a retracted version: a warning with the author's reason and go's command; the run stays ok (exit 0)", async () => {
    const px = await proxy();
    const s = await setup({ gomod: "module example.com/p\n\ngo 1.19\n" }, px.url);
    const { run, report } = await diagnoseJson(s.dir, s.env, ["go", "get", "example.com/retracted@v1.0.0"], { timeoutMs: 30_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(report.outcome).toBe("ok");
    // go's advice is not an error.
    expect(report.errors).toEqual([]);
    const f = report.findings.find((x) => x.code === "GMD310");
    expect(f, names(report).join(", ")).toBeDefined();
    expect(f?.severity).toBe("warning");
    expect(f?.title).toBe("example.com/retracted@v1.0.0 was retracted by its author: data loss bug, use v1.1.0");
    expect(f?.fixes[0]?.commands).toEqual(["go get example.com/retracted@latest"]);
  }, 60_000);
});

describe("Ctrl-C while a zip is stuck, before the stall timeout", () => {
  it("names what was in flight: the zip's URL, the bytes received, how long it had been silent; no probes; exit 130", async () => {
    const px = await proxy({ faults: [{ module: "example.com/big", kind: "zip", mode: { type: "stall-body", afterBytes: 64 * 1024 } }] });
    const s = await setup("with-big", px.url);
    const cli = startCli(["diagnose", s.dir, "--stall-timeout", "60", "--probe-timeout", "1", "--json"], { env: s.env, timeoutMs: 40_000 });
    defer(async () => {
      cli.child.kill("SIGKILL");
      await cli.done;
    });
    const zipAsked = () => px.requests.some((r) => r.path.endsWith("/example.com/big/@v/v1.0.0.zip"));
    const ready = await pollFor(async () => zipAsked() && (await goProcessOf(cli.marker)) !== undefined, 20_000);
    expect(ready, cli.stderr()).toBeTruthy();
    // Let the body sit silent for a few seconds (the stall timeout is 60 s: no verdict comes first).
    await new Promise((r) => setTimeout(r, 3_000));
    process.kill(cli.pid, "SIGINT");
    const end = await cli.done;
    expect(end.code).toBe(130);
    const report = parseReport(cli.stdout());
    expect(report.outcome).toBe("interrupted");
    expect(report.probes).toEqual([]);
    const f = report.findings.find((x) => x.code === "GMD603");
    expect(f, names(report).join(", ")).toBeDefined();
    expect(f?.severity).toBe("info");
    expect(f?.title).toMatch(new RegExp(`^Interrupted while waiting on the body of ${px.url.replace(/[.]/g, "\\.")}/example\\.com/big/@v/v1\\.0\\.0\\.zip \\(headers: 200\\), 64 KiB received, nothing for \\d`));
    const silent = Number(/nothing for ([\d.]+)s/.exec(f!.title)?.[1]);
    expect(silent).toBeGreaterThanOrEqual(2.5);
    expect(await leftovers(cli.marker)).toEqual([]);
  }, 60_000);
});
