// Settings and go.mod lines the rules used to misjudge, live with the real go
// against the fixture proxy: GOTOOLCHAIN naming a version (environment vs go
// env file), GOPROXY=off set in the environment over a good go env file, a
// replace naming a missing version or directory, an exclude of the required
// version, and a GOPROXY URL with a wrong path.
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cleanupAll, diagnoseJson, finding, proxy, setup } from "./findings-support.js";
import { GO_VERSIONS, setup as watchSetup } from "./support/watch.js";

afterEach(cleanupAll);

const diagnose = diagnoseJson;

const commands = (f: { fixes: { commands: string[] }[] } | undefined): string => (f?.fixes ?? []).flatMap((x) => x.commands).join("\n");

const REQUIRES = "require (\n\texample.com/a v1.0.0\n\texample.com/b v1.2.0\n)\n";
const gomod = (extra = "", head = "module example.com/fixture/settings2\n\ngo 1.21.0\n\n") => ({ gomod: `${head}${REQUIRES}${extra}` });

describe("GOTOOLCHAIN naming a version, go.mod asking for nothing newer", () => {
  it("set in the environment: GMD506 names GOTOOLCHAIN and the environment; the fix unsets it, no go env -w/-u", async () => {
    const px = await proxy();
    const { dir, env } = await setup(gomod(), px.url, { GOTOOLCHAIN: "go1.99.0" });
    const { run, top, names } = await diagnose(dir, env);
    expect(run.code).toBe(1);
    expect(px.requests.some((r) => r.path.startsWith("/golang.org/toolchain/"))).toBe(true);
    expect(top?.name, names).toBe("toolchain-unavailable");
    expect(top?.title).toBe("GOTOOLCHAIN=go1.99.0 (set in the environment) asks for a toolchain that cannot be downloaded");
    expect(top?.why).not.toMatch(/go\.mod's go\/toolchain line is newer/);
    expect(top?.fixes[0]?.commands[0]).toBe("unset GOTOOLCHAIN");
    expect(commands(top)).not.toMatch(/go env -[wu]/);
  }, 60_000);

  it("written with go env -w: the fix is `go env -w GOTOOLCHAIN=auto`", async () => {
    const px = await proxy();
    const { dir, env } = await setup(gomod(), px.url);
    delete env.GOTOOLCHAIN;
    await writeFile(env.GOENV!, "GOTOOLCHAIN=go1.99.0\n");
    const { run, top, names } = await diagnose(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("toolchain-unavailable");
    expect(top?.title).toContain("(set in the go env file (go env -w))");
    expect(top?.fixes[0]?.commands[0]).toBe("go env -w GOTOOLCHAIN=auto");
  }, 60_000);
});

describe("GOPROXY=off: the fix goes where the value is set", () => {
  it("off in the environment, a good proxy in the go env file: `unset GOPROXY`, never go env -w/-u", async () => {
    const px = await proxy();
    const { dir, env } = await setup("healthy", "off");
    await writeFile(env.GOENV!, `GOPROXY=${px.url}\n`);
    const { run, top, names } = await diagnose(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("goproxy-off");
    expect(top?.evidence[0]).toBe("GOPROXY=off (from the environment)");
    expect(top?.fixes[0]?.commands[0]).toBe("unset GOPROXY");
    expect(top?.fixes[0]?.caution).toMatch(/go env file sets GOPROXY too/);
    expect(commands(top)).not.toMatch(/go env -[wu]/);
  }, 60_000);

  it("look-alike: off only in the go env file: `go env -u GOPROXY`", async () => {
    const { dir, env } = await setup("healthy", "off");
    delete env.GOPROXY;
    await writeFile(env.GOENV!, "GOPROXY=off\n");
    const { run, top, names } = await diagnose(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("goproxy-off");
    expect(top?.fixes[0]?.commands[0]).toBe("go env -u GOPROXY");
    expect(commands(top)).not.toMatch(/unset GOPROXY|export GOPROXY/);
  }, 60_000);
});

describe("go.mod's replace and exclude lines", () => {
  it("replace with a version the proxy does not have: replace-version-missing, not private-not-in-goprivate or module-not-found", async () => {
    const px = await proxy();
    const { dir, env } = await setup(gomod("\nreplace example.com/a => example.com/a v1.9.9\n"), px.url);
    const { run, report, top, names } = await diagnose(dir, env);
    expect(run.code).toBe(1);
    expect(px.requests.some((r) => r.path === "/example.com/a/@v/v1.9.9.mod")).toBe(true);
    expect(top?.name, names).toBe("replace-version-missing");
    expect(top?.evidence).toContain("go.mod: replace example.com/a => example.com/a v1.9.9");
    expect(commands(top)).toContain("go mod edit -replace=example.com/a=example.com/a@<VERSION>");
    expect(finding(report, "private-not-in-goprivate")).toBeUndefined();
    expect(finding(report, "module-not-found")).toBeUndefined();
  }, 60_000);

  it("replace with a directory that does not exist: replace-dir-missing (go mod download and go build)", async () => {
    const px = await proxy();
    const missing = `../gomod-doctor-missing-${process.pid}-${Date.now()}`;
    const { dir, env } = await setup(gomod(`\nreplace example.com/a => ${missing}\n`), px.url);
    const download = await diagnose(dir, env);
    expect(download.run.code).toBe(1);
    expect(download.top?.name, download.names).toBe("replace-dir-missing");
    expect(download.top?.title).toContain(`replaces example.com/a with ${missing}`);
    expect(commands(download.top)).toContain("go mod edit -dropreplace=example.com/a");

    const built = await setup(gomod("\nreplace example.com/a => ./third_party/a\n"), px.url);
    await writeFile(`${built.dir}/main.go`, 'package main\n\nimport _ "example.com/a"\n\nfunc main() {}\n');
    const build = await diagnose(built.dir, built.env, ["go", "build", "./..."]);
    expect(build.run.code).toBe(1);
    expect(build.top?.name, build.names).toBe("replace-dir-missing");
    expect(build.top?.title).toBe("go.mod replaces example.com/a with ./third_party/a, which does not exist");
  }, 90_000);

  // go stops at the first replace it cannot read and names only that one; the go.mod check names both.
  it.each(GO_VERSIONS)("go%s: two broken directory replaces (one missing, one without go.mod): one replace-dir-missing naming both", async (go) => {
    const px = await proxy();
    const missing = `../gomod-doctor-missing-${process.pid}-${Date.now()}`;
    const { dir, env } = await watchSetup(gomod(`\nreplace example.com/a => ${missing}\n\nreplace example.com/b => ./vendor-b\n`, "module example.com/fixture/settings2\n\ngo 1.19\n\n"), px.url, { go });
    await mkdir(join(dir, "vendor-b"));
    await writeFile(join(dir, "vendor-b", "README"), "no go.mod here\n");
    const { run, report, top, names } = await diagnose(dir, env);
    expect(run.code, run.stderr).toBe(1);
    expect(top?.name, names).toBe("replace-dir-missing");
    expect(report.findings.filter((f) => f.name === "replace-dir-missing")).toHaveLength(1);
    expect(top?.title).toBe(`2 directory replaces point at no module: example.com/a (${missing} does not exist), example.com/b (./vendor-b holds no go.mod)`);
    expect(top?.modules).toEqual(["example.com/a", "example.com/b"]);
    // go's own error (it names one of them) leads the evidence; then what the check found at each.
    expect(top?.evidence[0]).toMatch(/^go: example\.com\/[ab]@v1\.[02]\.0 \(replaced by (?:\.\.\/gomod-doctor-missing|\.\/vendor-b)/);
    expect(top?.evidence).toContain(`go.mod: replace example.com/a => ${missing}: ${resolve(dir, missing)} does not exist`);
    expect(top?.evidence).toContain(`go.mod: replace example.com/b => ./vendor-b: ${join(dir, "vendor-b")} holds no go.mod`);
    expect(commands(top)).toContain("go mod edit -dropreplace=example.com/a -dropreplace=example.com/b");
    expect(top?.confidence).toBe(0.95);
  }, 90_000);

  it("exclude of the required version: excluded-requirement with the exclude line, not the unknown fallback", async () => {
    const px = await proxy();
    const { dir, env } = await setup(gomod("\nexclude example.com/a v1.0.0\n"), px.url);
    const { run, report, top, names } = await diagnose(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("excluded-requirement");
    expect(top?.evidence).toContain("go.mod: exclude example.com/a v1.0.0");
    expect(finding(report, "unexplained-failure")).toBeUndefined();
  }, 60_000);
});

describe("a GOPROXY URL with a wrong path", () => {
  it("every module 404s with a web server's page, nothing served: proxy-wrong-path, not module-not-found", async () => {
    const px = await proxy({ faults: [{ pathPrefix: "/api/go/wrong/", mode: { type: "status", status: 404, body: "404 page not found\n" } }] });
    const base = `${px.url}/api/go/wrong`;
    const { dir, env } = await setup("healthy", base);
    const { run, report, top, names } = await diagnose(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-wrong-path");
    expect(top?.title).toContain(base);
    expect(top?.evidence[0]).toMatch(/^(\d+) of \1 requests to .* answered 404\/410, 0 succeeded/);
    expect(commands(top)).toContain(`${base}/example.com/`);
    expect(finding(report, "module-not-found")).toBeUndefined();
  }, 60_000);

  it("look-alike: the proxy's own not-found (proxy.golang.org's wording) for a version that does not exist: module-not-found, not proxy-wrong-path", async () => {
    const body = "not found: example.com/a@v1.9.9: invalid version: unknown revision v1.9.9";
    const px = await proxy({ faults: [{ pathPrefix: "/example.com/a/@v/v1.9.9", mode: { type: "status", status: 404, body } }] });
    const { dir, env } = await setup({ gomod: "module example.com/fixture/settings2\n\ngo 1.21.0\n\nrequire example.com/a v1.9.9\n" }, px.url);
    const { run, report, top, names } = await diagnose(dir, env);
    expect(run.code).toBe(1);
    expect(finding(report, "proxy-wrong-path"), names).toBeUndefined();
    expect(top?.name, names).toBe("module-not-found");
  }, 60_000);
});
