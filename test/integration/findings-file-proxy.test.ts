// A file:// GOPROXY entry (an offline copy of a module cache's cache/download),
// with the real go: the directory lacks a module go.mod needs, or is not there
// at all. file-proxy-missing ranks first, names the module and the directory,
// and no network endpoint is probed for it; a complete copy is no finding.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { runCommand } from "../../fixtures/run-go.js";
import { GO123 } from "../../fixtures/go-env.js";
import { cleanupAll, defer, diagnoseJson, finding, proxy, setup } from "./findings-support.js";

afterEach(cleanupAll);

/** An offline copy made the usual way: `go mod download` where there is a proxy, then cache/download copied out. */
async function offlineCopy(modules: string[]): Promise<string> {
  const px = await proxy();
  const { dir, env, gomodcache } = await setup("healthy", px.url);
  const fill = await runCommand([GO123, "mod", "download", ...modules], { cwd: dir, env, timeoutMs: 30_000 });
  expect(fill.code, fill.stderr).toBe(0);
  const copy = mkdtempSync(join(tmpdir(), "gmd-fileproxy-"));
  defer(() => rmSync(copy, { recursive: true, force: true }));
  cpSync(join(gomodcache, "cache", "download"), copy, { recursive: true });
  return copy;
}

describe("GOPROXY=file://DIR", () => {
  it("the copy lacks a module go.mod needs: file-proxy-missing first, naming it, and no DNS probe of an empty host", async () => {
    const copy = await offlineCopy(["example.com/a@v1.0.0"]);
    const { dir, env } = await setup("healthy", pathToFileURL(copy).href, { GOSUMDB: "off" });
    const { run, report, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(report.errors.join("\n")).toMatch(/reading file:\/\/.*example\.com\/b\/@v\/v1\.2\.0\.(mod|info|zip): no such file or directory/);
    expect(top?.name, names).toBe("file-proxy-missing");
    expect(top?.severity).toBe("blocker");
    expect(top?.title).toBe(`example.com/b@v1.2.0 is not in the GOPROXY directory ${copy}`);
    expect(top?.why).toMatch(/last entry, so nothing else is tried/);
    const commands = top?.fixes.flatMap((f) => f.commands) ?? [];
    expect(commands[0]).toMatch(/go mod download example\.com\/b@v1\.2\.0$/);
    expect(commands[1]).toBe(`mkdir -p ${copy} && cp -R /tmp/gomodcache-fill/cache/download/. ${copy}/`);
    expect(finding(report, "unexplained-failure")).toBeUndefined();
    // The file entry is read from disk, never resolved or connected to.
    expect(report.probes.filter((p) => p.probe === "goproxy")).toEqual([]);
    const fileProbe = report.probes.find((p) => p.probe === "file-proxy");
    expect(fileProbe?.facts).toMatchObject({ dir: copy, state: "ok", missingModules: ["example.com/b@v1.2.0"], checkedModules: 2 });
    expect(JSON.stringify(report.probes.find((p) => p.probe === "network")?.facts)).not.toMatch(/"host":""/);
  }, 90_000);

  it("the directory is not there: the title says so and the fix fills it with the whole go.mod", async () => {
    const missing = join(tmpdir(), `gmd-no-such-proxy-${process.pid}`);
    const { dir, env } = await setup("healthy", pathToFileURL(missing).href, { GOSUMDB: "off" });
    const { run, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("file-proxy-missing");
    expect(top?.title).toBe(`GOPROXY names a directory that does not exist: ${missing}`);
    expect(top?.evidence).toContain(`${missing}: does not exist`);
    expect(top?.fixes[0]?.commands[0]).toMatch(/ go mod download$/);
  }, 90_000);

  it("look-alike: a complete copy serves the download offline: exit 0, no finding", async () => {
    const copy = await offlineCopy([]);
    const { dir, env } = await setup("healthy", pathToFileURL(copy).href, { GOSUMDB: "off" });
    const { run, report, names } = await diagnoseJson(dir, env);
    expect(run.code, names).toBe(0);
    expect(finding(report, "file-proxy-missing")).toBeUndefined();
  }, 90_000);
});
