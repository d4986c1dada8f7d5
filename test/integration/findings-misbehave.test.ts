// A module proxy that misbehaves in ways a real one (or what stands in front
// of it) does: a block page instead of a zip, a garbage .mod or .info, rate
// limits, a redirect to a dead download host, bodies cut short or reset,
// GOPROXY lists that do or do not fall through, and slow-but-alive answers.
// The real go1.23 through `diagnose --json`: top finding, exit code, and the
// specifics a user acts on (module, proxy endpoint, fix command).
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { refusedPort } from "../../fixtures/endpoints.js";
import { HTML_PAGE } from "../../fixtures/hostile.js";
import { BIG_MODULE } from "../../fixtures/modules.js";
import type { Fault } from "../../fixtures/proxy.js";
import { GO123, runCommand } from "../../fixtures/run-go.js";
import { blackhole, cleanupAll, diagnoseJson, finding, proxy, setup } from "./findings-support.js";

afterEach(cleanupAll);

/** diagnoseJson, with the top finding's words and fix commands as text. */
async function diagnose(dir: string, env: Record<string, string>) {
  const { run, report, top, names } = await diagnoseJson(dir, env, [], { timeoutMs: 30_000 });
  return { run, report, top, names, text: `${top?.title}\n${top?.why}\n${top?.evidence.join("\n")}`, commands: top?.fixes.flatMap((f) => f.commands).join("\n") ?? "" };
}

/** The healthy project (example.com/a and b) against a proxy with these faults. */
async function against(faults: Fault[]) {
  const px = await proxy({ faults });
  const { dir, env } = await setup("healthy", px.url);
  return { px, ...(await diagnose(dir, env)) };
}

/** go.sum lines (zip and go.mod hashes) for the healthy project, from a clean download through a healthy proxy. */
async function healthySums(dir: string, env: Record<string, string>): Promise<void> {
  const fill = await runCommand([GO123, "mod", "download", "-json"], { cwd: dir, env, timeoutMs: 20_000 });
  expect(fill.code, fill.stderr).toBe(0);
  const mods = fill.stdout.split(/\n(?=\{)/).map((j) => JSON.parse(j) as { Path: string; Version: string; Sum: string; GoModSum: string });
  await writeFile(join(dir, "go.sum"), mods.map((m) => `${m.Path} ${m.Version} ${m.Sum}\n${m.Path} ${m.Version}/go.mod ${m.GoModSum}\n`).join(""));
  const clean = await runCommand([GO123, "clean", "-modcache"], { cwd: dir, env, timeoutMs: 20_000 });
  expect(clean.code, clean.stderr).toBe(0);
}

const TEXT = "text/plain; charset=utf-8";

describe("a 200 that is not the file asked for (captive portal, block page)", () => {
  it("zip answered with an HTML page: proxy-bad-response names the module and the proxy, the fix shows what it sends", async () => {
    const { px, run, top, names, commands } = await against([{ module: "example.com/a", kind: "zip", mode: { type: "body", body: HTML_PAGE } }]);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-bad-response");
    expect(top?.modules).toEqual(["example.com/a"]);
    expect(top?.title).toContain(`127.0.0.1:${px.port}`);
    expect(top?.title).toMatch(/example\.com\/a@v1\.0\.0.*not a zip/);
    expect(commands).toContain(`${px.url}/example.com/a/@v/v1.0.0.zip`);
  }, 40_000);

  it("the same with go.sum holding the zip's hash: go rejects the format before the hash, still proxy-bad-response", async () => {
    const px = await proxy();
    const { dir, env } = await setup("healthy", px.url);
    await healthySums(dir, env);
    expect(await readFile(join(dir, "go.sum"), "utf8")).toMatch(/^example\.com\/a v1\.0\.0 h1:/m);
    px.setFaults([{ module: "example.com/a", kind: "zip", mode: { type: "body", body: HTML_PAGE } }]);
    const { run, report, top, names } = await diagnose(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-bad-response");
    expect(top?.modules).toEqual(["example.com/a"]);
    expect(finding(report, "unexplained-failure")).toBeUndefined();
  }, 40_000);

  it(".mod answered with an HTML page (no module line): proxy-bad-response, not a module problem", async () => {
    const { px, run, top, names } = await against([{ module: "example.com/a", kind: "mod", mode: { type: "body", body: HTML_PAGE } }]);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-bad-response");
    expect(top?.title).toMatch(new RegExp(`127\\.0\\.0\\.1:${px.port} .*example\\.com/a@v1\\.0\\.0.*module line`));
  }, 40_000);

  it(".mod answered with an HTML page while go.sum holds its hash: the checksum mismatch ranks first", async () => {
    const px = await proxy();
    const { dir, env } = await setup("healthy", px.url);
    await healthySums(dir, env);
    px.setFaults([{ module: "example.com/a", kind: "mod", mode: { type: "body", body: HTML_PAGE } }]);
    const { run, top, names, text } = await diagnose(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("checksum-mismatch");
    expect(text).toContain("example.com/a");
  }, 40_000);

  it(".mod declaring another module path: module-path-mismatch (go's own words), naming both paths", async () => {
    const { run, top, names } = await against([{ module: "example.com/a", kind: "mod", mode: { type: "body", body: "module example.com/elsewhere\n\ngo 1.19\n", contentType: TEXT } }]);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("module-path-mismatch");
    expect(top?.title).toBe("example.com/a@v1.0.0 declares its path as example.com/elsewhere");
  }, 40_000);

  it(".info answered with an HTML page: proxy-bad-response quoting the page's title", async () => {
    const { px, run, top, names, text } = await against([{ module: "example.com/a", kind: "info", mode: { type: "body", body: HTML_PAGE } }]);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-bad-response");
    expect(top?.title).toContain(`127.0.0.1:${px.port}`);
    expect(text).toContain("Sign in to continue");
  }, 40_000);
});

describe("refusals: rate limits and credentials", () => {
  it("429 Too Many Requests everywhere: proxy-rate-limited, exit 1; the Retry-After the probe saw is quoted", async () => {
    const { px, run, top, names, text } = await against([{ mode: { type: "status", status: 429, body: "Too Many Requests\n", headers: { "Retry-After": "30" } } }]);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-rate-limited");
    expect(top?.title).toContain(`127.0.0.1:${px.port}`);
    expect(text).toContain("Retry-After: 30");
  }, 40_000);

  it("429 on the zips only, without Retry-After: proxy-rate-limited names both modules", async () => {
    const { run, top, names, text } = await against([{ kind: "zip", mode: { type: "status", status: 429, body: "Too Many Requests\n" } }]);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-rate-limited");
    expect(top?.modules).toEqual(["example.com/a", "example.com/b"]);
    expect(text).not.toContain("Retry-After");
  }, 40_000);

  it("401 from a private proxy over http (GOPRIVATE unset): auth-failed; go sends ~/.netrc only over https, so the fix is an https GOPROXY", async () => {
    const { run, top, names, commands } = await against([{ mode: { type: "status", status: 401, body: "Unauthorized\n", headers: { "WWW-Authenticate": 'Basic realm="corp"' } } }]);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("auth-failed");
    expect(top?.title).toContain("needs credentials");
    expect(top?.why).toMatch(/only over https/);
    expect(commands).toContain("go env GOPROXY");
    expect(commands).not.toContain(">> ~/.netrc");
  }, 40_000);

  it("403 from a private proxy: auth-failed, the credentials are refused", async () => {
    const { run, top, names } = await against([{ mode: { type: "status", status: 403, body: "Forbidden\n" } }]);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("auth-failed");
    expect(top?.title).toContain("refuses the credentials");
  }, 40_000);
});

describe("a zip redirected to another host", () => {
  it("the download host refuses: one proxy-refused that names the proxy and the host it redirects to", async () => {
    const dead = await refusedPort();
    const { px, run, report, top, names, commands } = await against([{ kind: "zip", mode: { type: "redirect", origin: `http://127.0.0.1:${dead}` } }]);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-refused");
    expect(top?.title).toBe(`The module proxy 127.0.0.1:${px.port} redirects downloads to 127.0.0.1:${dead}, which refuses connections`);
    expect(report.findings.filter((f) => f.name === "proxy-refused")).toHaveLength(1);
    expect(commands).toContain(`curl -sSI ${px.url}/example.com/`);
  }, 40_000);

  it("the download host never answers: exit 3, proxy-blackholed naming that host (the trace shows no redirect; the probe's read of the zip does), no zip-stalled", async () => {
    const hole = await blackhole();
    const { px, run, report, top, names } = await against([{ kind: "zip", mode: { type: "redirect", origin: hole.url } }]);
    expect(run.code).toBe(3);
    expect(top?.name, names).toBe("proxy-blackholed");
    expect(top?.modules).toEqual(["example.com/a", "example.com/b"]);
    expect(top?.title).toMatch(new RegExp(`^The module proxy 127\\.0\\.0\\.1:${px.port} redirects downloads to ${hole.url.replace(/^https?:\/\//, "").replace(/\./g, "\\.")}, which does not answer`));
    // The proxy answered (302) and no body ever started: not a zip stalled mid-body.
    expect(names).not.toContain("zip-stalled");
    expect(report.findings.filter((f) => f.name === "proxy-blackholed")).toHaveLength(1);
  }, 40_000);
});

describe("bodies cut short", () => {
  it(".mod with Content-Length larger than the body, then close: proxy-reset, cut mid-transfer, go's unexpected EOF quoted", async () => {
    const { run, top, names, text } = await against([{ module: "example.com/a", kind: "mod", mode: { type: "truncate", afterBytes: 10 } }]);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-reset");
    expect(top?.title).toContain("cut mid-transfer");
    expect(text).toContain("unexpected EOF");
  }, 40_000);

  it("zip with Content-Length larger than the body, then close: proxy-reset on the zip", async () => {
    const px = await proxy({ faults: [{ module: BIG_MODULE, kind: "zip", mode: { type: "truncate", afterBytes: 100_000 } }] });
    const { dir, env } = await setup("big", px.url);
    const { run, top, names, text } = await diagnose(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-reset");
    expect(top?.modules).toEqual([BIG_MODULE]);
    expect(text).toMatch(/1 zip download/);
  }, 40_000);

  it("a zip the proxy cuts on every read (the probe's read is cut too): a retry fails the same way, so the fixes are the operators and the next entry, not 'retry'", async () => {
    const a = await proxy({ faults: [{ module: BIG_MODULE, kind: "zip", mode: { type: "truncate", afterBytes: 100_000 } }] });
    const b = await proxy();
    const { dir, env } = await setup("big", `${a.url},${b.url}`);
    const { run, top, names } = await diagnose(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-reset");
    expect(top?.why).toMatch(/gomod-doctor's own read of the same zip, on a new connection, was cut too \(after 98 KiB of [\d.]+ [KM]iB\)/);
    expect(top?.why).toContain("a retry fails the same way");
    expect(top?.fixes[0]?.summary).toMatch(new RegExp(`^Show 127\\.0\\.0\\.1:${a.port}'s operators that the zip is cut after 98 KiB`));
    expect(top?.fixes[0]?.commands[0]).toContain(`${a.url}/${BIG_MODULE}/@v/`);
    expect(top?.fixes[1]?.commands).toEqual([`GOPROXY=${b.url} go mod download`]);
    expect(top?.fixes.map((f) => f.summary).join("\n")).not.toMatch(/^Retry/m);
    // A read the server closed is a cut, not a body that stalled.
    expect(names).not.toContain("zip-stalled");
  }, 40_000);

  it("look-alike: a zip cut once (every other read): the probe's read got it whole, so the cut was that connection's and retry stays the first fix", async () => {
    const px = await proxy({ faults: [{ module: BIG_MODULE, kind: "zip", mode: { type: "every-other", mode: { type: "truncate", afterBytes: 100_000 } } }] });
    const { dir, env } = await setup("big", px.url);
    const { run, top, names } = await diagnose(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-reset");
    expect(top?.why).toMatch(/on a new connection moments later, got [\d.]+ [KM]iB without a cut: the cut was that connection's/);
    expect(top?.evidence.join("\n")).toMatch(/probe: the same zip read again on a new connection: [\d.]+ [KM]iB, no cut/);
    expect(top?.fixes[0]?.summary).toMatch(/^Retry/);
    expect(names).not.toContain("zip-stalled");
  }, 40_000);

  it("zip connection reset mid-body: proxy-reset quoting `connection reset by peer`", async () => {
    const px = await proxy({ faults: [{ module: BIG_MODULE, kind: "zip", mode: { type: "reset-body", afterBytes: 100_000 } }] });
    const { dir, env } = await setup("big", px.url);
    const { run, top, names, text } = await diagnose(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-reset");
    expect(text).toContain("connection reset by peer");
  }, 40_000);
});

describe("GOPROXY lists", () => {
  it("A,B where A answers 500: go does not fall back; proxy-server-error names A and B, the fix is the '|' list", async () => {
    const a = await proxy({ faults: [{ mode: { type: "status", status: 500 } }] });
    const b = await proxy();
    const { dir, env } = await setup("healthy", `${a.url},${b.url}`);
    const { run, top, names, commands } = await diagnose(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-server-error");
    expect(top?.title).toContain(`127.0.0.1:${a.port}`);
    expect(top?.why).toContain(`(${b.url}) on it unless the separator is '|'`);
    expect(commands).toContain(`GOPROXY='${a.url}|${b.url}' go mod download`);
    // go never asked B (the probes ask every entry for one .info: not go's .mod or .zip).
    expect(b.requests.filter((r) => /\.(mod|zip)$/.test(r.path))).toEqual([]);
  }, 40_000);

  it("A|B where A refuses: go falls back to B, exit 0; A is at most a warning", async () => {
    const dead = await refusedPort();
    const b = await proxy();
    const { dir, env } = await setup("healthy", `http://127.0.0.1:${dead}|${b.url}`);
    const { run, report, names } = await diagnose(dir, env);
    expect(run.code, names).toBe(0);
    expect(report.outcome).toBe("ok");
    expect(report.findings.filter((f) => f.severity === "blocker")).toEqual([]);
    expect(finding(report, "proxy-refused")?.title).toContain(`127.0.0.1:${dead}`);
  }, 40_000);

  it("A,B where A answers 404: go falls back to B, healthy, exit 0", async () => {
    const a = await proxy({ faults: [{ mode: { type: "status", status: 404 } }] });
    const b = await proxy();
    const { dir, env } = await setup("healthy", `${a.url},${b.url}`);
    const { run, report, names } = await diagnose(dir, env);
    expect(run.code, names).toBe(0);
    expect(report.findings.filter((f) => f.severity === "blocker")).toEqual([]);
    expect(b.requests.some((r) => r.path.endsWith(".zip"))).toBe(true);
  }, 40_000);
});

describe("slow but alive (--stall-timeout 2)", () => {
  it("a zip whose headers wait 3 s while another zip's bytes flow is no stall: exit 0", async () => {
    const px = await proxy({
      faults: [
        { module: BIG_MODULE, kind: "zip", mode: { type: "dribble", bytesPerSec: 300 * 1024 } },
        { module: "example.com/a", kind: "zip", mode: { type: "delay", ms: 3000 } },
      ],
    });
    const { dir, env } = await setup({ gomod: `module example.com/m\n\ngo 1.19\n\nrequire (\n\texample.com/a v1.0.0\n\t${BIG_MODULE} v1.0.0\n)\n` }, px.url);
    const { run, report, names } = await diagnose(dir, env);
    expect(run.code, names).toBe(0);
    expect(report.stall).toBeUndefined();
    expect(report.modules.find((m) => m.path === "example.com/a")?.state).toBe("done");
  }, 40_000);

  it("every answer 1.5 s late (below the stall timeout): exit 0", async () => {
    const { run, report, names } = await against([{ mode: { type: "delay", ms: 1500 } }]);
    expect(run.code, names).toBe(0);
    expect(report.durationMs).toBeGreaterThan(3000);
  }, 40_000);

  it("every answer 3 s late, nothing else moving: a stall by definition (exit 3), on the proxy's requests", async () => {
    const { px, run, report, top, names } = await against([{ mode: { type: "delay", ms: 3000 } }]);
    expect(run.code).toBe(3);
    expect(top?.name, names).toBe("proxy-blackholed");
    expect(report.stall?.suspects.map((s) => s.url)).toContain(`${px.url}/example.com/a/@v/v1.0.0.mod`);
  }, 40_000);
});
