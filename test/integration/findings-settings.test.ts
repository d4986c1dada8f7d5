// Causes that live in the go settings, live with the real go: GOPROXY=off,
// -mod=vendor, an unparsable GOPROXY, a toolchain switch that cannot
// download. Each ranks first; each look-alike does not.
import { afterEach, describe, expect, it } from "vitest";
import { runCommand } from "../../fixtures/run-go.js";
import { GO123 } from "../../fixtures/go-env.js";
import { cleanupAll, diagnoseJson, finding, proxy, setup } from "./findings-support.js";

afterEach(cleanupAll);

const diagnose = diagnoseJson;

const TOOLCHAIN_GOMOD = "module example.com/fixture/toolchain\n\ngo 1.99.0\n\nrequire example.com/a v1.0.0\n";

describe("GOPROXY=off", () => {
  it("stops lookups of missing modules: goproxy-off first, exit 1", async () => {
    const { dir, env } = await setup("healthy", "off");
    const { run, top, names } = await diagnose(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("goproxy-off");
    expect(top?.evidence.join("\n")).toMatch(/module lookup disabled by GOPROXY=off/);
  }, 60_000);

  it("look-alike: GOPROXY=off with every module already in the cache works: exit 0", async () => {
    const px = await proxy();
    const { dir, env } = await setup("healthy", px.url);
    const fill = await runCommand([GO123, "mod", "download"], { cwd: dir, env, timeoutMs: 30_000 });
    expect(fill.code, fill.stderr).toBe(0);
    const { run, report, names } = await diagnose(dir, { ...env, GOPROXY: "off" });
    expect(run.code, names).toBe(0);
    expect(finding(report, "goproxy-off")).toBeUndefined();
  }, 60_000);
});

describe("GOVCS", () => {
  // go checks GOVCS before it runs git; for github.com it needs no go-import page, so nothing leaves the machine.
  const GOMOD = "module example.com/m\n\ngo 1.19\n\nrequire github.com/corp-team/lib v1.0.0\n";

  it("GOVCS=*:off in the environment, a module fetched directly: govcs-disallows first, the fix changes GOVCS where it is set", async () => {
    const { dir, env } = await setup({ gomod: GOMOD }, "direct", { GOVCS: "*:off" });
    const { run, report, top, names } = await diagnose(dir, env);
    expect(run.code).toBe(1);
    expect(report.errors.join("\n")).toMatch(/GOVCS disallows using git for public github\.com\/corp-team\/lib/);
    expect(top?.name, names).toBe("govcs-disallows");
    expect(top?.title).toBe("GOVCS=*:off (set in the environment) forbids git for github.com/corp-team/lib");
    expect(top?.fixes.flatMap((f) => f.commands)).toEqual(["export GOVCS='github.com:git,*:off'", "unset GOVCS", "go env GOVCS"]);
    expect(finding(report, "unexplained-failure")).toBeUndefined();
  }, 60_000);

  it("look-alike: GOVCS allowing git for the host: go goes on to git (no GOVCS finding)", async () => {
    const { dir, env } = await setup({ gomod: GOMOD }, "direct", { GOVCS: "github.com:git,*:off", GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "url.http://127.0.0.1:9/.insteadOf", GIT_CONFIG_VALUE_0: "https://github.com/" });
    const { run, report, names } = await diagnose(dir, env);
    expect(run.code).toBe(1);
    expect(report.errors.join("\n")).not.toMatch(/GOVCS disallows/);
    expect(finding(report, "govcs-disallows"), names).toBeUndefined();
  }, 60_000);
});

describe("-mod=vendor", () => {
  it("GOFLAGS=-mod=vendor makes go build use vendor/ only: mod-vendor first, exit 1", async () => {
    const px = await proxy();
    const { dir, env } = await setup("healthy", px.url, { GOFLAGS: "-mod=vendor" });
    const { run, top, names } = await diagnose(dir, env, ["go", "build", "./..."]);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("mod-vendor");
    expect(top?.evidence.join("\n")).toMatch(/GOFLAGS=-mod=vendor/);
  }, 60_000);

  it("look-alike: go mod download ignores -mod=vendor (it fetches modules anyway): exit 0, no mod-vendor", async () => {
    const px = await proxy();
    const { dir, env } = await setup("healthy", px.url, { GOFLAGS: "-mod=vendor" });
    const { run, report, names } = await diagnose(dir, env);
    expect(run.code, names).toBe(0);
    expect(report.summary.done).toBe(2);
    expect(finding(report, "mod-vendor")).toBeUndefined();
  }, 60_000);
});

describe("an unparsable GOPROXY", () => {
  it("GOPROXY=ftp://x: bad-goproxy first, exit 1 (diagnosed), not 2 (tool failure)", async () => {
    const { dir, env } = await setup("healthy", "ftp://x");
    const { run, top, names } = await diagnose(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("bad-goproxy");
    expect(top?.why).toMatch(/invalid proxy URL scheme/);
  }, 60_000);

  it("look-alike: a valid GOPROXY that refuses is proxy-refused, not bad-goproxy", async () => {
    const { refusedPort } = await import("../../fixtures/endpoints.js");
    const port = await refusedPort();
    const { dir, env } = await setup("healthy", `http://127.0.0.1:${port}`);
    const { run, report, top, names } = await diagnose(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-refused");
    expect(finding(report, "bad-goproxy")).toBeUndefined();
  }, 60_000);
});

describe("toolchain switching", () => {
  it("go.mod says go 1.99.0, GOTOOLCHAIN unset, the proxy has no such toolchain: toolchain-unavailable with the GOTOOLCHAIN=local fix", async () => {
    const px = await proxy(); // golang.org/toolchain is not a fixture module: 404
    const { dir, env } = await setup({ gomod: TOOLCHAIN_GOMOD }, px.url);
    delete env.GOTOOLCHAIN;
    const { run, top, names } = await diagnose(dir, env);
    expect(run.code).toBe(1);
    expect(px.requests.some((r) => r.path.startsWith("/golang.org/toolchain/"))).toBe(true);
    expect(top?.name, names).toBe("toolchain-unavailable");
    expect(top?.fixes.flatMap((f) => f.commands).join("\n")).toMatch(/GOTOOLCHAIN=local/);
  }, 60_000);

  it("look-alike: GOTOOLCHAIN=local already: nothing is downloaded, and the fix is to install go 1.99.0, not GOTOOLCHAIN=local", async () => {
    const px = await proxy();
    const { dir, env } = await setup({ gomod: TOOLCHAIN_GOMOD }, px.url, { GOTOOLCHAIN: "local" });
    const { run, report, top, names } = await diagnose(dir, env);
    expect(run.code).toBe(1);
    expect(px.requests.some((r) => r.path.startsWith("/golang.org/toolchain/"))).toBe(false);
    expect(report.errors.join("\n")).toMatch(/requires go >= 1\.99\.0/);
    // The same code (go.mod needs a toolchain this machine lacks), told apart in title and fix.
    expect(top?.name, names).toBe("toolchain-unavailable");
    expect(top?.title).toMatch(/GOTOOLCHAIN=local forbids switching/);
    expect(top?.fixes.flatMap((f) => f.commands).join("\n")).not.toMatch(/GOTOOLCHAIN=local/);
    expect(top?.fixes[0]?.summary).toMatch(/Install go 1\.99\.0/);
  }, 60_000);

  it("a toolchain download slower than the stall timeout is not a stall (the cache shows its bytes); GOSUMDB=off then stops it: the GOSUMDB finding", async () => {
    // ~600 B of synthesized zip at 150 B/s: four seconds of a download go prints nothing about.
    const px = await proxy({ synthesize: true, faults: [{ module: "golang.org/toolchain", kind: "zip", mode: { type: "dribble", bytesPerSec: 150 } }] });
    const { dir, env } = await setup({ gomod: TOOLCHAIN_GOMOD }, px.url, { GOSUMDB: "off" });
    delete env.GOTOOLCHAIN;
    const { run, report, top, names } = await diagnose(dir, env);
    expect(run.code, names).toBe(1);
    expect(report.outcome).toBe("failed");
    expect(report.durationMs).toBeGreaterThan(2500);
    expect(report.errors.join("\n")).toMatch(/golang\.org\/toolchain@v0\.0\.1-go1\.99\.0\.linux-amd64: verifying module: checksum database disabled by GOSUMDB=off/);
    expect(top?.name, names).toBe("toolchain-unavailable");
    expect(top?.title).toBe("GOSUMDB=off stops the download of go1.99.0: go verifies every toolchain it downloads against the checksum database");
    expect(top?.fixes[0]?.commands[0]).toMatch(/GOSUMDB/);
  }, 60_000);

  it("a toolchain download whose body stops: a stall on the toolchain (not plain silence), with the bytes it got", async () => {
    const px = await proxy({ synthesize: true, faults: [{ module: "golang.org/toolchain", kind: "zip", mode: { type: "stall-body", afterBytes: 100 } }] });
    const { dir, env } = await setup({ gomod: TOOLCHAIN_GOMOD }, px.url);
    delete env.GOTOOLCHAIN;
    const { run, report, names } = await diagnose(dir, env);
    expect(run.code, names).toBe(3);
    expect(report.stall?.suspects[0]).toMatchObject({ kind: "toolchain", module: "golang.org/toolchain", version: "v0.0.1-go1.99.0.linux-amd64", bytes: 100 });
    expect(report.findings.map((f) => f.name)).toContain("toolchain-unavailable");
    expect(finding(report, "unexplained-stall")).toBeUndefined();
  }, 60_000);

  // go1.24's tool and go1.25's ignore directives: go1.23 under GOTOOLCHAIN=local stops on them before it compares the go line.
  const NEWER_GOMOD = "module example.com/fixture/toolchain\n\ngo 1.99.0\n\ngodebug default=go1.21\n\ntool example.com/a/cmd/x\n\nrequire example.com/a v1.0.0\n\nignore ./node_modules\n";

  it("a go.mod with directives newer than go1.23 (tool, ignore), GOTOOLCHAIN=local: the go is too old (exit 1), not a malformed go.mod (exit 2)", async () => {
    const px = await proxy();
    const { dir, env } = await setup({ gomod: NEWER_GOMOD }, px.url, { GOTOOLCHAIN: "local" });
    const { run, report, top, names } = await diagnose(dir, env);
    expect(run.code, run.stderr).toBe(1);
    expect(report.errors.join("\n")).toMatch(/unknown directive: tool/);
    expect(top?.name, names).toBe("toolchain-unavailable");
    expect(top?.title).toBe("go.mod needs go 1.99.0, and GOTOOLCHAIN=local forbids switching");
    expect(top?.fixes[0]?.summary).toMatch(/Install go 1\.99\.0/);
  }, 60_000);

  it("the same go.mod, toolchain switching on, the proxy refuses: proxy-refused first; the toolchain finding points at the proxy, not at go.mod's lines", async () => {
    const { refusedPort } = await import("../../fixtures/endpoints.js");
    const { dir, env } = await setup({ gomod: NEWER_GOMOD }, `http://127.0.0.1:${await refusedPort()}`);
    delete env.GOTOOLCHAIN;
    const { run, report, top, names } = await diagnose(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-refused");
    const tc = finding(report, "toolchain-unavailable");
    expect(tc?.fixes.map((f) => f.summary).join("\n"), names).toMatch(/golang\.org\/toolchain\) fetched through GOPROXY/);
    expect(tc?.fixes.flatMap((f) => f.commands)).not.toContain("go mod edit -toolchain=none");
  }, 60_000);
});
