// Scenario round 9, live with the real go: settings and cache states whose
// diagnosis was a bare "no rule recognises these errors" or named the wrong host.
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startStatusServer } from "../../fixtures/endpoints.js";
import { GO_VERSIONS } from "./support/watch.js";
import { blackhole, cleanupAll, defer, diagnoseAgainst, diagnoseJson, proxy, setup } from "./findings-support.js";

afterEach(cleanupAll);

describe("GOMODCACHE that is a file", () => {
  for (const go of GO_VERSIONS) {
    it(`go${go}: GMD402 says the cache path is a file (not a permission problem), with the mv and another GOMODCACHE`, async () => {
      const px = await proxy();
      const s = await setup("healthy", px.url);
      await rm(s.gomodcache, { recursive: true });
      await writeFile(s.gomodcache, "not a directory\n");
      const env = { ...s.env, PATH: s.env.PATH!.replace(/go-1\.\d+/, `go-${go}`) };
      const { run, top, names } = await diagnoseJson(s.dir, env);
      expect(run.code).toBe(1);
      expect(top?.code, names).toBe("GMD402");
      expect(top?.title).toBe(`The module cache ${s.gomodcache} is a file, not a directory`);
      expect(top?.evidence.join("\n")).toContain(`could not create module cache: "${s.gomodcache}" is not a directory`);
      expect(top?.fixes[0]?.commands).toEqual([`ls -ld ${s.gomodcache}`, `mv ${s.gomodcache} ${s.gomodcache}.bak`]);
      expect(top?.fixes.flatMap((f) => f.commands).join("\n")).not.toMatch(/chown/);
      expect(names).not.toContain("unexplained-failure");
    }, 60_000);
  }

  it("a GOMODCACHE under a file: names the file in its path", async () => {
    const px = await proxy();
    const s = await setup("healthy", px.url);
    const file = join(s.home, "cachefile");
    await writeFile(file, "x");
    const { run, top, names } = await diagnoseJson(s.dir, { ...s.env, GOMODCACHE: join(file, "mod") });
    expect(run.code).toBe(1);
    expect(top?.code, names).toBe("GMD402");
    expect(top?.title).toBe(`The module cache ${join(file, "mod")} cannot be created: ${file} is a file`);
    expect(top?.fixes[0]?.commands[0]).toBe(`ls -ld ${file}`);
  }, 60_000);
});

describe("GOFLAGS the go command rejects", () => {
  for (const go of GO_VERSIONS) {
    it(`go${go}: an unknown flag and a '-mod mod' written with a space are GMD511, with the corrected GOFLAGS`, async () => {
      const px = await proxy();
      const s = await setup("healthy", px.url);
      const path = s.env.PATH!.replace(/go-1\.\d+/, `go-${go}`);
      const unknown = await diagnoseJson(s.dir, { ...s.env, PATH: path, GOFLAGS: "-mod=mod -bogus" });
      expect(unknown.run.code).toBe(1);
      expect(unknown.top?.code, unknown.names).toBe("GMD511");
      expect(unknown.top?.title).toBe('GOFLAGS="-mod=mod -bogus": -bogus is a flag no go command knows');
      expect(unknown.top?.evidence).toContain("go: parsing $GOFLAGS: unknown flag -bogus");
      expect(unknown.top?.fixes[0]?.commands[0]).toBe("export GOFLAGS=-mod=mod");
      const spaced = await diagnoseJson(s.dir, { ...s.env, PATH: path, GOFLAGS: "-mod mod" });
      expect(spaced.top?.code, spaced.names).toBe("GMD511");
      expect(spaced.top?.title).toBe('GOFLAGS="-mod mod": "mod" is not a flag (write -mod=mod)');
      expect(spaced.top?.fixes[0]?.commands[0]).toBe("export GOFLAGS=-mod=mod");
    }, 60_000);
  }
});

describe("a proxy that redirects zips to another host (a CDN)", () => {
  it("the CDN never answers: both fixes look at the CDN and the zip's redirect, not at the proxy's root", async () => {
    const hole = await blackhole();
    const { px, run, top, names } = await diagnoseAgainst([{ kind: "zip", mode: { type: "redirect", origin: hole.url } }]);
    expect(run.code).toBe(3);
    expect(top?.code, names).toBe("GMD103");
    const [redirect, firewall] = top?.fixes ?? [];
    expect(redirect?.commands[0]).toMatch(new RegExp(`^curl -sSI ${px.url}/example\\.com/[ab]/@v/v1\\.\\d\\.0\\.zip$`));
    expect(firewall?.summary).toBe(`Check whether a firewall drops traffic to 127.0.0.1:${hole.port} or it is hung`);
    expect(firewall?.commands[0]).toContain(` ${hole.url}/example.com/`);
  }, 60_000);

  it("the CDN stops sending the body: GMD105 names the CDN as the server that stopped, the redirect in evidence", async () => {
    const cdn = await proxy({ faults: [{ kind: "zip", mode: { type: "stall-body", afterBytes: 100 } }] });
    const { px, run, top, names } = await diagnoseAgainst([{ kind: "zip", mode: { type: "redirect", origin: cdn.url } }]);
    expect(run.code).toBe(3);
    expect(top?.code, names).toBe("GMD105");
    expect(top?.why).toMatch(new RegExp(`^The server at 127\\.0\\.0\\.1:${cdn.port} \\(where 127\\.0\\.0\\.1:${px.port} redirects the zip\\) sent the response headers`));
    expect(top?.evidence.join("\n")).toContain(`the zip is redirected to ${cdn.url}/example.com/`);
  }, 60_000);

  it("the CDN answers 404: GMD104 names the CDN that lacks the zip (go's trace shows only the proxy's URL), with both curls", async () => {
    const cdn = await startStatusServer(404, "NoSuchKey");
    defer(() => cdn.close());
    const { px, run, top, names } = await diagnoseAgainst([{ kind: "zip", mode: { type: "redirect", origin: cdn.url } }]);
    expect(run.code).toBe(1);
    expect(top?.code, names).toBe("GMD104");
    expect(top?.title).toMatch(new RegExp(`^The module proxy 127\\.0\\.0\\.1:${px.port} sends the zip of example\\.com/[ab]@v1\\.\\d\\.0 to 127\\.0\\.0\\.1:${cdn.port}, which answers 404, and 1 more like it$`));
    expect(top?.fixes[0]?.commands[1]).toMatch(new RegExp(`^curl -sSI ${cdn.url}/example\\.com/`));
  }, 60_000);

  it("the CDN answers 403 (an expired signed link): not 'a policy of the proxy' but the CDN refusing, with the clock to check", async () => {
    const cdn = await startStatusServer(403, "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>", { "Content-Type": "application/xml" });
    defer(() => cdn.close());
    const { run, top, names } = await diagnoseAgainst([{ kind: "zip", mode: { type: "redirect", origin: cdn.url } }]);
    expect(run.code).toBe(1);
    expect(top?.code, names).toBe("GMD104");
    expect(top?.title).toMatch(new RegExp(`to 127\\.0\\.0\\.1:${cdn.port}, which answers 403 Forbidden$`));
    expect(top?.why).not.toMatch(/curation|policy of the proxy/);
    expect(top?.fixes.flatMap((f) => f.commands)).toContain("date -u");
  }, 60_000);

  it("look-alike: a proxy that answers 403 for the zip itself keeps the policy reading", async () => {
    const { run, top, names } = await diagnoseAgainst([{ module: "example.com/a", kind: "zip", mode: { type: "status", status: 403, body: "blocked by curation policy\n" } }]);
    expect(run.code).toBe(1);
    expect(top?.code, names).toBe("GMD104");
    expect(top?.why).toMatch(/policy of the proxy/);
  }, 60_000);

  it("look-alike: a zip stalled at the proxy itself names the proxy, no redirect line", async () => {
    const { run, top, names } = await diagnoseAgainst([{ kind: "zip", mode: { type: "stall-body", afterBytes: 100 } }]);
    expect(run.code).toBe(3);
    expect(top?.code, names).toBe("GMD105");
    expect(top?.why).toMatch(/^The server at 127\.0\.0\.1:\d+ sent the response headers/);
    expect(top?.evidence.join("\n")).not.toContain("redirected");
  }, 60_000);
});
