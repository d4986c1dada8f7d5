// Scenario round 13, live with the real go: a captive portal reached through a
// redirect to another loopback host (and one at the proxy's own address),
// redirects that loop, GONOSUMDB/GOPRIVATE globs that miss a private module by
// their spelling (case, a URL), upper-case and +incompatible modules behind a
// faulty proxy, an .info for another version (a proxy's stale cache), and one
// stalled zip among a hundred modules. Each run asserts the top finding, its
// evidence and a fix, and that no process of the go tree is left
// (runDiagnose checks that).
import { readFile, rm as rmFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Fault } from "../../fixtures/proxy.js";
import type { ProjectName } from "../../fixtures/projects.js";
import type { GoVersion } from "../../fixtures/run-go.js";
import type { Finding } from "../../src/report/schema.js";
import { runDiagnose } from "./support/diagnose-run.js";
import { cleanupAll, GO_VERSIONS, proxy, setup } from "./support/watch.js";
import { gosumdbFor, startSumdb } from "./findings-support.js";

afterEach(cleanupAll);

const commands = (f: Finding | undefined) => (f?.fixes ?? []).flatMap((x) => x.commands);
const PORTAL_PAGE = "<html><head><title>Guest Wi-Fi - Sign in</title></head><body><form action=/login>Accept the terms</form></body></html>";

/** `diagnose --json` of a fixture project against a fixture proxy with these faults (GOPROXY = the proxy unless `goproxy` is given). */
async function diagnose(project: ProjectName, faults: Fault[], opts: { go?: GoVersion; extra?: Record<string, string>; goproxy?: string } = {}) {
  const px = await proxy({ faults });
  const s = await setup(project, opts.goproxy ?? px.url, { go: opts.go, extra: opts.extra });
  return { px, setup: s, ...(await runDiagnose({ dir: s.dir, env: s.env, timeoutMs: 60_000 })) };
}

describe("a captive portal: the proxy's address answers with a sign-in page", () => {
  for (const go of GO_VERSIONS) {
    it(`go${go}: every request redirected to a portal on another host: one proxy-bad-response naming that host and the page, the sign-in fix`, async () => {
      const portal = await proxy({ faults: [{ mode: { type: "body", body: PORTAL_PAGE } }] });
      const { px, code, report, top, names } = await diagnose("healthy", [{ mode: { type: "redirect", origin: portal.url } }], { go });
      expect(code).toBe(1);
      // go followed the redirect and parsed the page as a go.mod.
      expect(report.errors.join("\n")).toMatch(/example\.com\/[ab]@v1\.\d\.0: parsing go\.mod: missing module line/);
      expect(top?.name, names).toBe("proxy-bad-response");
      expect(top?.severity).toBe("blocker");
      expect(top?.title).toMatch(new RegExp(`^The module proxy 127\\.0\\.0\\.1:${px.port} sent something else for example\\.com/[ab]@v1\\.\\d\\.0: the \\.mod it sent has no module line`));
      expect(top?.why).toContain(`127.0.0.1:${px.port} redirects the request to 127.0.0.1:${portal.port}, and the page comes from there`);
      expect(top?.evidence.join("\n")).toContain('"Guest Wi-Fi - Sign in"');
      expect(top?.evidence).toContain(`probe: ${px.url}/example.com/a/@v/v1.0.0.info redirected to ${portal.url}/example.com/a/@v/v1.0.0.info`);
      expect(top?.fixes[1]?.summary).toBe(`Sign in to the network's portal at 127.0.0.1:${portal.port} (in a browser), or ask its operators to let 127.0.0.1:${px.port} through; then retry`);
      expect(commands(top)[1]).toMatch(new RegExp(`^curl -sS -L -m 10 -o /dev/null -w '%\\{url_effective\\} %\\{http_code\\}\\\\n' ${px.url}/example\\.com/[ab]/@v/v1\\.\\d\\.0\\.mod$`));
      // One finding for the proxy: the probe's reading of the same page is its evidence, not a second "not what stopped this run" warning.
      expect(report.findings.filter((f) => f.code === "GMD112")).toHaveLength(1);
      expect(JSON.stringify(report.findings)).not.toContain("Only the probe's own request got this");
    }, 90_000);
  }

  it("only the zips redirected to a CDN that answers with a sign-in page: the CDN named from the probe's read of the zip (go's trace names only the proxy)", async () => {
    const cdn = await proxy({ faults: [{ mode: { type: "body", body: PORTAL_PAGE } }] });
    const { px, code, report, top, names } = await diagnose("healthy", [{ kind: "zip", mode: { type: "redirect", origin: cdn.url } }]);
    expect(code).toBe(1);
    expect(report.errors.join("\n")).toMatch(/zip: not a valid zip file/);
    expect(top?.name, names).toBe("proxy-bad-response");
    expect(top?.title).toMatch(new RegExp(`^The module proxy 127\\.0\\.0\\.1:${px.port} sent something else for example\\.com/[ab]@v1\\.\\d\\.0( and 1 more)?: the \\.zip it sent is not a zip file$`));
    expect(top?.why).toContain(`127.0.0.1:${px.port} redirects the zip to 127.0.0.1:${cdn.port} (its storage or CDN`);
    expect(top?.evidence.join("\n")).toMatch(new RegExp(`the zip is redirected to ${cdn.url}/example\\.com/[ab]/@v/v1\\.\\d\\.0\\.zip \\(the probe's read of it\\)`));
    expect(top?.fixes[0]?.summary).toBe(`See what 127.0.0.1:${cdn.port} really sends for it (a web page shows its title)`);
    expect(commands(top)[0]).toMatch(new RegExp(`^curl -sS -D - -L ${px.url}/example\\.com/[ab]/@v/v1\\.\\d\\.0\\.zip \\| head -c 600$`));
  }, 60_000);

  it("the page at the proxy's own address for every request: one finding quoting the page, no contradicting warning", async () => {
    const { px, code, report, top, names } = await diagnose("healthy", [{ mode: { type: "body", body: PORTAL_PAGE } }]);
    expect(code).toBe(1);
    expect(top?.name, names).toBe("proxy-bad-response");
    expect(top?.title).toContain(`The module proxy 127.0.0.1:${px.port} sent something else for example.com/`);
    expect(top?.evidence.join("\n")).toContain('"Guest Wi-Fi - Sign in"');
    // No redirect: no portal host is named and no sign-in fix is offered.
    expect(top?.why).not.toContain("redirects the request");
    expect(top?.fixes.map((f) => f.summary).join("\n")).not.toContain("Sign in");
    expect(report.findings.filter((f) => f.code === "GMD112")).toHaveLength(1);
  }, 60_000);
});

describe("a portal's page from the first of two '|'-joined entries", () => {
  /** The healthy project with GOPROXY=A|B: A answers with these faults, B is a healthy proxy. */
  async function againstPipe(faults: Fault[], go?: GoVersion) {
    const second = await proxy();
    const first = await proxy({ faults });
    return { second, ...(await diagnose("healthy", faults, { go, goproxy: `${first.url}|${second.url}` })), first };
  }

  it("every file a page: go takes the .mod as read and never moves on; the why says '|' does not help; go cached the pages (GMD408 on a re-run), and the fixes in order (rm, the rest of GOPROXY) work", async () => {
    const { first, second, setup: s, code, top, names } = await againstPipe([{ mode: { type: "body", body: PORTAL_PAGE } }]);
    expect(code).toBe(1);
    // The second entry was never asked for a go.mod: a page that came with 200 is no error to fall through on.
    expect(second.requests.filter((r) => r.path.endsWith(".mod"))).toEqual([]);
    expect(first.requests.length).toBeGreaterThan(0);
    expect(top?.name, names).toBe("proxy-bad-response");
    expect(top?.why).toContain("The '|' after it in GOPROXY does not help: the .mod came with a success status, so the go command took it as the file and failed only when it read it");
    const skip = top?.fixes.find((f) => f.summary.startsWith("Meanwhile, download without"));
    expect(skip?.commands).toEqual([`GOPROXY=${second.url} go mod download -x`]);
    // GOSUMDB=off: go saved the pages as the go.mod files in the module cache; the fix before that removes both.
    const cached = (m: string, v: string) => join(s.gomodcache, "cache", "download", m, "@v", `${v}.mod`);
    expect(await readFile(cached("example.com/a", "v1.0.0"), "utf8")).toBe(PORTAL_PAGE);
    const rm = top?.fixes.find((f) => f.summary.startsWith("Before any retry, remove what go saved"));
    expect(rm?.commands.sort()).toEqual([`rm -f ${cached("example.com/a", "v1.0.0")}`, `rm -f ${cached("example.com/b", "v1.2.0")}`]);

    // Without the rm, the rest of GOPROXY fails the same way, from the cache: the cached go.mod is named, no server asked for it.
    const stale = await runDiagnose({ dir: s.dir, env: { ...s.env, GOPROXY: second.url }, timeoutMs: 60_000 });
    expect(stale.code).toBe(1);
    expect(stale.top?.name, stale.names).toBe("modcache-gomod-broken");
    expect(stale.top?.title).toMatch(/^The go\.mod of example\.com\/[ab]@v1\.\d\.0 in the module cache is not a go\.mod$/);
    expect(stale.top?.fixes[0]?.commands).toContain(`rm -f ${cached("example.com/a", "v1.0.0")}`);

    // The fixes in order: the rm, then the rest of GOPROXY, downloads everything.
    for (const command of rm!.commands) await rmFile(command.replace(/^rm -f /, ""), { force: true });
    const fixed = await runDiagnose({ dir: s.dir, env: { ...s.env, GOPROXY: second.url }, timeoutMs: 60_000 });
    expect(fixed.code, fixed.names).toBe(0);
  }, 60_000);

  it("go1.19: only b's zip a page: the same (the zip is read after its request succeeded), b named", async () => {
    const { code, report, top, names } = await againstPipe([{ module: "example.com/b", kind: "zip", mode: { type: "body", body: PORTAL_PAGE } }], "1.19");
    // The second entry serves b's zip (the probe reads it there too): had go moved on, the run would pass.
    expect(code).toBe(1);
    expect(report.modules.find((m) => m.path === "example.com/b")?.state).toBe("failed");
    expect(top?.name, names).toBe("proxy-bad-response");
    expect(top?.title).toContain("example.com/b@v1.2.0: the .zip it sent is not a zip file");
    expect(top?.why).toContain("The '|' after it in GOPROXY does not help: the .zip came with a success status");
  }, 60_000);

  it("look-alike: only the .info files a page: go's JSON error is an error answer, '|' moves on to the second entry, exit 0", async () => {
    const { second, code, report } = await againstPipe([{ kind: "info", mode: { type: "body", body: PORTAL_PAGE } }]);
    expect(code).toBe(0);
    expect(second.requests.some((r) => r.path.endsWith(".info"))).toBe(true);
    expect(report.findings.filter((f) => f.severity === "blocker")).toEqual([]);
  }, 60_000);
});

describe("redirects that loop", () => {
  it("one zip redirected to itself (go: stopped after 10 redirects): named as a loop on that zip, the hops to see, not a wrong GOPROXY port", async () => {
    const { px, code, report, top, names } = await diagnose("healthy", [{ module: "example.com/a", kind: "zip", mode: { type: "hostile", hostile: "redirect-loop" } }]);
    expect(code).toBe(1);
    expect(report.errors.join("\n")).toContain(`Get "${px.url}/example.com/a/@v/v1.0.0.zip": stopped after 10 redirects`);
    expect(top?.name, names).toBe("proxy-bad-response");
    expect(top?.title).toBe(`The module proxy 127.0.0.1:${px.port} redirects the zip of example.com/a@v1.0.0 in a loop (go stopped after 10 redirects)`);
    expect(top?.modules).toEqual(["example.com/a"]);
    expect(top?.why).toContain("It served this run's other requests, so the loop is in how it answers zips.");
    expect(top?.why).not.toMatch(/garbage|wrong port or scheme/);
    expect(commands(top)[0]).toBe(
      `curl -sS -o /dev/null -L --max-redirs 12 -w '%{num_redirects} redirects, last %{url_effective}\\n' ${px.url}/example.com/a/@v/v1.0.0.zip`,
    );
  }, 60_000);

  it("go1.19: every request bounced between two URLs: a loop on the proxy's requests, the probe's own hops in evidence", async () => {
    const { px, code, top, names } = await diagnose("healthy", [{ mode: { type: "hostile", hostile: "redirect-pingpong" } }], { go: "1.19" });
    expect(code).toBe(1);
    expect(top?.name, names).toBe("proxy-bad-response");
    expect(top?.title).toBe(`The module proxy 127.0.0.1:${px.port} redirects the requests in a loop (go stopped after 10 redirects)`);
    expect(top?.evidence.join("\n")).toMatch(/stopped after 10 redirects/);
    expect(top?.evidence.join("\n")).toMatch(/TOO_MANY_REDIRECTS stopped after \d+ redirects/);
  }, 60_000);
});

describe("a private module whose exempting glob is almost right", () => {
  /** with-private (corp.example.com/private/lib, served by the proxy) against a checksum database that answers 410 for it. */
  async function lookedUp(settings: Record<string, string>) {
    const db = await startSumdb("corp.example.com");
    const run = await diagnose("with-private", [{ module: "corp.example.com", mode: { type: "ok" } }], { extra: { GOSUMDB: gosumdbFor(db.url), ...settings } });
    expect(db.requests).toContain("/lookup/corp.example.com/private/lib@v1.0.0");
    return { db, ...run };
  }

  it("GONOSUMDB=Corp.Example.com: go matches case-sensitively and looks it up; the why says so, the fix replaces the glob", async () => {
    const { db, code, top, names } = await lookedUp({ GONOSUMDB: "Corp.Example.com" });
    expect(code).toBe(1);
    expect(top?.name, names).toBe("sumdb-private-lookup");
    expect(top?.title).toBe(`Private module corp.example.com/private/lib looked up in the checksum database 127.0.0.1:${db.port} (${db.url}), which cannot read it`);
    expect(top?.why).toContain(
      "GONOSUMDB=Corp.Example.com does not cover corp.example.com/private/lib: `Corp.Example.com` and corp.example.com differ only in upper and lower case, and go matches module paths case-sensitively.",
    );
    expect(top?.evidence[0]).toBe("GONOSUMDB=Corp.Example.com");
    expect(commands(top)).toEqual(["export GONOSUMDB=corp.example.com"]);
  }, 60_000);

  it("GONOSUMDB=example.com for corp.example.com/private/lib: a plain glob is a path prefix, not a domain; the why names *.example.com", async () => {
    const { code, top, names } = await lookedUp({ GONOSUMDB: "example.com" });
    expect(code).toBe(1);
    expect(top?.name, names).toBe("sumdb-private-lookup");
    expect(top?.why).toContain(
      "GONOSUMDB=example.com does not cover corp.example.com/private/lib: `example.com` matches module paths that start with example.com/, " +
        "not hosts under it such as corp.example.com (that takes `*.example.com`).",
    );
    expect(commands(top)).toEqual(["export GONOSUMDB=example.com,corp.example.com"]);
  }, 60_000);

  it("GOPRIVATE=https://corp.example.com/ (a URL): the lookup finding says why it misses, and the pattern warning writes it as a path prefix", async () => {
    const { code, report, top, names } = await lookedUp({ GOPRIVATE: "https://corp.example.com/" });
    expect(code).toBe(1);
    expect(top?.name, names).toBe("sumdb-private-lookup");
    expect(top?.why).toContain("`https://corp.example.com` is a URL, and patterns are module path prefixes without a scheme (corp.example.com).");
    expect(commands(top).join("\n")).not.toContain("https://");
    const pattern = report.findings.find((f) => f.name === "bad-pattern");
    expect(pattern?.title).toBe("GOPRIVATE holds an invalid pattern");
    expect(pattern?.fixes[0]?.summary).toBe("Write the URL as a module path prefix (no scheme)");
    expect(commands(pattern)).toContain("export GOPRIVATE=corp.example.com");
  }, 60_000);
});

describe("upper-case and +incompatible modules behind a faulty proxy", () => {
  it("BurntSushi's zip is a block page: named in its real case (go1.23 prints no module on its line), the curl asks the escaped path", async () => {
    const { px, code, report, top, names } = await diagnose("with-uppercase", [
      { module: "example.com/BurntSushi", kind: "zip", mode: { type: "body", body: "<html><head><title>Blocked by policy</title></head></html>" } },
    ]);
    expect(code).toBe(1);
    expect(top?.name, names).toBe("proxy-bad-response");
    expect(top?.title).toBe(`The module proxy 127.0.0.1:${px.port} sent something else for example.com/BurntSushi/toml@v1.3.2: the .zip it sent is not a zip file`);
    expect(top?.modules).toEqual(["example.com/BurntSushi/toml"]);
    expect(commands(top)[0]).toBe(`curl -sS -D - ${px.url}/example.com/%21burnt%21sushi/toml/@v/v1.3.2.zip | head -c 600`);
    expect(JSON.stringify(report.findings.map((f) => [f.title, f.why, f.modules]))).not.toMatch(/!burnt|%21burnt/i);
  }, 60_000);

  it("BurntSushi's go.mod always answers 502 while its .info is served: the file named in real case, no claim that the 502 comes and goes", async () => {
    const { px, code, top, names } = await diagnose("with-uppercase", [{ module: "example.com/BurntSushi", kind: "mod", mode: { type: "status", status: 502 } }]);
    expect(code).toBe(1);
    expect(top?.code, names).toBe("GMD104");
    expect(top?.title).toBe(`The module proxy 127.0.0.1:${px.port} answers 502 for the go.mod of example.com/BurntSushi/toml@v1.3.2`);
    expect(top?.why).toContain(
      "It answered gomod-doctor's request for the .info of example.com/BurntSushi/toml@v1.3.2 (200 OK) moments later, so it is up and serves this module; " +
        "the 502 for the go.mod of example.com/BurntSushi/toml@v1.3.2 either comes and goes (a retry passes) or that file alone fails there (a retry fails the same way).",
    );
    expect(top?.why).not.toContain("a retry usually passes");
    expect(commands(top)).toContain("go mod download -x example.com/BurntSushi/toml@v1.3.2");
  }, 60_000);

  it("the +incompatible zip stops mid-body: exit 3, zip-stalled names example.com/legacy@v2.0.0+incompatible", async () => {
    const { code, report, top, names } = await diagnose("with-uppercase", [{ module: "example.com/legacy", kind: "zip", mode: { type: "stall-body", afterBytes: 100 } }]);
    expect(code).toBe(3);
    expect(report.stall?.suspects[0]).toMatchObject({ kind: "zip-body", module: "example.com/legacy", version: "v2.0.0+incompatible" });
    expect(top?.name, names).toBe("zip-stalled");
    expect(top?.title).toBe("The zip of example.com/legacy@v2.0.0+incompatible stopped mid-body");
    // The probe's own read of that zip stops too (the fault is on every read): the fix shows it with the zip's URL, not a retry.
    expect(top?.why).toContain("stopped too");
    expect(commands(top)[0]).toMatch(/^curl .*\/example\.com\/legacy\/@v\/v2\.0\.0\+incompatible\.zip$/);
  }, 60_000);
});

describe("a proxy cache serving the wrong file", () => {
  for (const go of GO_VERSIONS) {
    it(`go${go}: an .info for another version (go: proxy returned info for version v1.0.1): the proxy's cache named, the curl of that .info`, async () => {
      const body = JSON.stringify({ Version: "v1.0.1", Time: "2023-01-01T00:00:00Z" });
      const { px, code, report, top, names } = await diagnose("healthy", [{ module: "example.com/a", kind: "info", mode: { type: "body", body, contentType: "application/json" } }], { go });
      expect(code).toBe(1);
      expect(report.errors.join("\n")).toContain("example.com/a@v1.0.0: proxy returned info for version v1.0.1 instead of requested version");
      expect(top?.name, names).toBe("proxy-bad-response");
      expect(top?.title).toBe(`The module proxy 127.0.0.1:${px.port} sent something else for example.com/a@v1.0.0: the .info it sent is for another version`);
      expect(top?.why).toContain("its cache is corrupt");
      expect(commands(top)[0]).toBe(`curl -sS -D - ${px.url}/example.com/a/@v/v1.0.0.info | head -c 600`);
      expect(report.findings.filter((f) => f.code === "GMD112")).toHaveLength(1);
    }, 60_000);
  }
});

describe("a hundred modules, one zip that stops", () => {
  it("m042's zip stops after 100 bytes while 100 others complete: exit 3, that one module named, go ended", async () => {
    const { code, report, top, names } = await diagnose("hundred", [{ module: "example.com/gen/m042", kind: "zip", mode: { type: "stall-body", afterBytes: 100 } }]);
    expect(code).toBe(3);
    expect(report.outcome).toBe("stalled");
    expect(report.modules.length).toBeGreaterThan(95);
    expect(report.modules.filter((m) => m.state === "stalled").map((m) => `${m.path}@${m.version}`)).toEqual(["example.com/gen/m042@v1.0.42"]);
    expect(top?.name, names).toBe("zip-stalled");
    expect(top?.modules).toEqual(["example.com/gen/m042"]);
    expect(top?.evidence[0]).toMatch(/^example\.com\/gen\/m042@v1\.0\.42: headers arrived, 100 B received, then nothing for /);
  }, 90_000);
});
