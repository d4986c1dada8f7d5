// Scenario round 10, live with the real go: an HTTP proxy whose tunnels break
// after a 200, a read-only module cache, a checksum database that fails, GONOSUMDB
// patterns that miss, a proxy that fails every other request.
import { execFile } from "node:child_process";
import { chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { startStatusServer } from "../../fixtures/endpoints.js";
import type { ProxyOptions } from "../../fixtures/proxy.js";
import { GO_VERSIONS } from "./support/watch.js";
import { cleanupAll, defer, diagnoseJson, finding, gosumdbFor, proxy, setup, startSumdb, type Setup } from "./findings-support.js";

afterEach(cleanupAll);

const run = promisify(execFile);

/** The PATH of `env` with go `go` first. */
function withGo(env: Record<string, string>, go: string): Record<string, string> {
  return { ...env, PATH: env.PATH!.replace(/go-1\.\d+/, `go-${go}`) };
}

/** An HTTP proxy stand-in on loopback: `answer` gets each connection after its first bytes (the CONNECT). */
async function rawProxy(answer: (s: Socket) => void): Promise<string> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.once("data", () => answer(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  defer(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The healthy project through an HTTPS_PROXY stand-in that answers each CONNECT with `answer`, diagnosed with go `go`. */
async function throughHttpsProxy(answer: (s: Socket) => void, goproxy = "https://goproxy.corp.invalid", go = "1.23") {
  const p = await rawProxy(answer);
  const s = await setup("healthy", goproxy, { HTTPS_PROXY: p });
  return { p, ...(await diagnoseJson(s.dir, withGo(s.env, go))) };
}

/**
 * A project (the healthy one unless named) against a fixture proxy, diagnosed with go `go`;
 * `prepare` changes the set-up first (a read-only cache, a go.sum of its own).
 */
async function against(opts: { proxy?: ProxyOptions; project?: Parameters<typeof setup>[0]; extra?: Record<string, string>; go?: string; prepare?: (s: Setup) => Promise<unknown> | void } = {}) {
  const px = await proxy(opts.proxy);
  const s = await setup(opts.project ?? "healthy", px.url, opts.extra);
  await opts.prepare?.(s);
  return { px, s, ...(await diagnoseJson(s.dir, withGo(s.env, opts.go ?? "1.23"))) };
}

describe("an HTTPS_PROXY whose tunnel breaks after 200 Connection established", () => {
  // Go never proxies loopback, so GOPROXY names a host only the HTTP proxy would reach.
  for (const go of GO_VERSIONS) {
    it(`go${go}: closed at once: go says only EOF; http-proxy-dead names the closed tunnel, the module proxy is not blamed (no proxy-reset)`, async () => {
      const { p, run, report, top, names } = await throughHttpsProxy((s) => s.end("HTTP/1.1 200 Connection established\r\n\r\n"), undefined, go);
      expect(run.code).toBe(1);
      expect(report.errors.join("\n")).toMatch(/goproxy\.corp\.invalid\/example\.com\/[ab]\/@v\/v1\.\d\.0\.mod": EOF/);
      expect(top?.code, names).toBe("GMD107");
      expect(top?.title).toBe(`HTTPS_PROXY=${p} does not work: the proxy answers CONNECT goproxy.corp.invalid:443 with 200 and then closes the tunnel`);
      expect(top?.evidence.join("\n")).toContain('answered "200 Connection established" to CONNECT goproxy.corp.invalid:443, then closed the tunnel');
      expect(top?.fixes[0]?.commands).toEqual([
        `curl -sS -m 15 -o /dev/null -w '%{http_code}\\n' --proxy "$HTTPS_PROXY" https://goproxy.corp.invalid/`,
        "export NO_PROXY=goproxy.corp.invalid",
      ]);
      expect(finding(report, "proxy-reset")).toBeUndefined();
      expect(finding(report, "no-proxy-missing")).toBeUndefined();
    }, 60_000);
  }

  it("a login page after the 200 (go drops it and waits for TLS): a stall, http-proxy-dead says it is a web page, with curl -v to see it", async () => {
    const { p, run, report, top, names } = await throughHttpsProxy((s) => s.write("HTTP/1.1 200 Connection established\r\n\r\n<html><title>Sign in to continue</title></html>\r\n"));
    expect(run.code).toBe(3);
    expect(top?.code, names).toBe("GMD107");
    expect(top?.title).toBe(`HTTPS_PROXY=${p} does not work: the proxy answers CONNECT goproxy.corp.invalid:443 with a web page (a captive portal, a login or block page), not a tunnel`);
    expect(top?.evidence.join("\n")).toMatch(/with \d+ bytes of body/);
    expect(top?.fixes[0]?.commands[0]).toBe(`curl -sS -v -m 15 -o /dev/null --proxy "$HTTPS_PROXY" https://goproxy.corp.invalid/`);
    expect(finding(report, "no-proxy-missing")).toBeUndefined();
    expect(finding(report, "proxy-blackholed")).toBeUndefined();
  }, 60_000);

  it("the same for the public proxy.golang.org (every CONNECT closed after 200, nothing leaves the machine): http-proxy-dead, not a proxy.golang.org outage or a NO_PROXY gap", async () => {
    const { p, run, report, top, names } = await throughHttpsProxy((s) => s.end("HTTP/1.1 200 Connection established\r\n\r\n"), "https://proxy.golang.org");
    expect(run.code).toBe(1);
    expect(top?.code, names).toBe("GMD107");
    expect(top?.title).toBe(`HTTPS_PROXY=${p} does not work: the proxy answers CONNECT proxy.golang.org:443 with 200 and then closes the tunnel`);
    expect(finding(report, "proxy-reset")).toBeUndefined();
    expect(finding(report, "no-proxy-missing")).toBeUndefined();
  }, 60_000);

  it("look-alike: a 403 to CONNECT for an internal host (nothing tunnelled) stays no-proxy-missing", async () => {
    const { run, top, names } = await throughHttpsProxy((s) => s.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
    expect(run.code).toBe(1);
    expect(top?.code, names).toBe("GMD108");
    expect(top?.fixes[0]?.commands[0]).toBe("export NO_PROXY=goproxy.corp.invalid");
  }, 60_000);
});

describe("a read-only module cache", () => {
  for (const go of GO_VERSIONS) {
    it(`go${go}: GMD402 first: not writable, and why (a read-only mount for root, whom chmod does not stop; permission bits otherwise)`, async () => {
      const root = process.getuid?.() === 0;
      const { s, run: r, report, top, names } = await against({
        go,
        prepare: async (s) => {
          if (root) {
            // chmod 555 does not stop root: a read-only mount does (a CI cache volume mounted :ro).
            await run("mount", ["-t", "tmpfs", "-o", "ro,size=64m", "tmpfs", s.gomodcache]);
            defer(() => run("umount", [s.gomodcache]));
          } else {
            await chmod(s.gomodcache, 0o555);
            defer(() => chmod(s.gomodcache, 0o755));
          }
        },
      });
      expect(r.code).toBe(1);
      expect(top?.code, names).toBe("GMD402");
      expect(top?.evidence.join("\n")).toContain(`mkdir ${s.gomodcache}/cache: ${root ? "read-only file system" : "permission denied"}`);
      if (root) {
        expect(top?.title).toBe(`The module cache ${s.gomodcache} is not writable (read-only file system)`);
        expect(top?.why).toContain("no permission change helps");
        expect(top?.fixes[0]?.commands).toEqual([`findmnt -T ${s.gomodcache}`, `sudo mount -o remount,rw ${s.gomodcache}`]);
        expect(top?.fixes.flatMap((f) => f.commands).join("\n")).not.toMatch(/chown|chmod/);
      } else {
        expect(top?.title).toBe(`The module cache ${s.gomodcache} is not writable`);
      }
      expect(top?.fixes.flatMap((f) => f.commands)).toContain('export GOMODCACHE="$HOME/go/pkg/mod"');
      expect(finding(report, "unexplained-failure")).toBeUndefined();
      expect(finding(report, "disk-full")).toBeUndefined();
    }, 60_000);
  }
});

describe("GONOSUMDB and GOPRIVATE wildcards against a checksum database that cannot read corp.test", () => {
  /** A module the proxy serves, checked in a database that answers 410 for corp.test's modules (sum.golang.org's way). */
  async function lookUp(module: string, extra: Record<string, string>) {
    const db = await startSumdb(module.split("/")[0] + "/");
    const project = { gomod: `module example.com/w\n\ngo 1.19\n\nrequire ${module} v1.0.0\n` };
    return { db, ...(await against({ proxy: { synthesize: true }, project, extra: { GOSUMDB: gosumdbFor(db.url), ...extra } })) };
  }

  it("GONOSUMDB=*.corp.test and corp.test/team/lib: the why says *.corp.test names hosts under corp.test, not corp.test; the fix adds corp.test", async () => {
    const { db, run, top, names } = await lookUp("corp.test/team/lib", { GONOSUMDB: "*.corp.test" });
    expect(run.code).toBe(1);
    expect(db.requests).toContain("/lookup/corp.test/team/lib@v1.0.0");
    expect(top?.code, names).toBe("GMD201");
    expect(top?.why).toContain("GONOSUMDB=*.corp.test does not cover corp.test/team/lib: `*.corp.test` matches hosts under corp.test (such as git.corp.test), not corp.test itself.");
    expect(top?.evidence[0]).toBe("GONOSUMDB=*.corp.test");
    expect(top?.fixes[0]?.commands).toEqual(["export GONOSUMDB='*.corp.test,corp.test'"]);
  }, 60_000);

  it("GOPRIVATE=*.corp.test (GONOSUMDB unset, so GOPRIVATE decides): the same miss, told of GOPRIVATE", async () => {
    const { run, top, names } = await lookUp("corp.test/team/lib", { GOPRIVATE: "*.corp.test" });
    expect(run.code).toBe(1);
    expect(top?.code, names).toBe("GMD201");
    expect(top?.why).toContain("GOPRIVATE=*.corp.test does not cover corp.test/team/lib: `*.corp.test` matches hosts under corp.test");
    // GOPRIVATE would also send corp.test past the proxy that serves it (GONOPROXY): GONOSUMDB keeps the proxy.
    expect(top?.fixes[0]?.commands).toEqual(["go env -w GONOSUMDB='*.corp.test,corp.test'"]);
  }, 60_000);

  it("GONOSUMDB=corp.test/*/internal and corp.test/team/lib: compared element by element, the third is not internal", async () => {
    const { run, top, names } = await lookUp("corp.test/team/lib", { GONOSUMDB: "corp.test/*/internal" });
    expect(run.code).toBe(1);
    expect(top?.code, names).toBe("GMD201");
    expect(top?.why).toContain("`corp.test/*/internal` is compared with the first 3 path elements, corp.test/team/lib, and does not match them");
    expect(top?.fixes[0]?.commands[0]).toMatch(/^export GONOSUMDB='corp\.test\/\*\/internal,corp\.test/);
  }, 60_000);

  it("look-alike: GONOSUMDB=*.corp.test and git.corp.test/team/lib: matched, never looked up, exit 0", async () => {
    const { db, run, report, names } = await lookUp("git.corp.test/team/lib", { GONOSUMDB: "*.corp.test" });
    expect(run.code, names).toBe(0);
    expect(db.requests.filter((u) => u.startsWith("/lookup/"))).toEqual([]);
    expect(finding(report, "sumdb-private-lookup")).toBeUndefined();
  }, 60_000);
});

describe("the checksum database answers 500", () => {
  for (const go of GO_VERSIONS) {
    it(`go${go}: sumdb-unreachable says the database fails on its side (reachable, 500), quotes it, retries; never turns verification off`, async () => {
      const db = await startStatusServer(500, "internal error\n");
      defer(() => db.close());
      const { run, report, top, names } = await against({ extra: { GOSUMDB: gosumdbFor(db.url) }, go });
      expect(run.code).toBe(1);
      expect(top?.code, names).toBe("GMD202");
      expect(top?.title).toBe(`The checksum database 127.0.0.1:${db.port} answers with a server error (500 Internal Server Error)`);
      expect(top?.evidence.join("\n")).toMatch(new RegExp(`# get ${db.url}/lookup/example\\.com/[ab]@v1\\.\\d\\.0: 500 Internal Server Error`));
      expect(top?.fixes[0]?.commands).toEqual([`curl -sS -m 10 ${db.url}/latest`, "go mod download -x"]);
      const commands = top?.fixes.flatMap((f) => f.commands).join("\n") ?? "";
      expect(commands).not.toMatch(/GOSUMDB=off|GONOSUMDB|GOFLAGS=-insecure/);
      expect(finding(report, "proxy-server-error")).toBeUndefined();
    }, 60_000);
  }
});

describe("a zip that differs from go.sum", () => {
  it("SECURITY ERROR: checksum-mismatch first, both hashes in evidence, no fix turns verification off or deletes go.sum", async () => {
    // go.sum holds another hash for a's zip (GOSUMDB=off here: go.sum is the only record).
    const { s, run, top, names } = await against({
      prepare: (s) => writeFile(join(s.dir, "go.sum"), "example.com/a v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"),
    });
    expect(run.code).toBe(1);
    expect(top?.code, names).toBe("GMD203");
    expect(top?.title).toBe("Checksum mismatch for example.com/a@v1.0.0 (SECURITY ERROR)");
    expect(top?.evidence).toContain("go.sum:     h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    expect(top?.evidence.join("\n")).toMatch(/downloaded: h1:\S+=/);
    expect(top?.fixes[0]?.commands[0]).toBe("grep 'example.com/a v1.0.0' go.sum");
    const commands = top?.fixes.flatMap((f) => f.commands).join("\n") ?? "";
    expect(commands).not.toMatch(/GOSUMDB=off|GONOSUMDB|GOFLAGS=-insecure|rm go\.sum/);
    // The recorded hash stays: nothing took the downloaded one in its place (go itself adds the go.mod lines it verified).
    const sums = (await readFile(join(s.dir, "go.sum"), "utf8")).split("\n").filter((l) => l.startsWith("example.com/a v1.0.0 "));
    expect(sums).toEqual(["example.com/a v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="]);
  }, 60_000);
});

describe("a proxy that answers 503 to every other request (one bad backend behind a balancer)", () => {
  it("go stops at the first 503 (no retry of its own): proxy-server-error names the file, says the probe was served (it may come and go), and the first fix retries that module", async () => {
    const { px, run, report, top, names } = await against({
      proxy: { faults: [{ kind: "mod", mode: { type: "every-other", mode: { type: "status", status: 503, body: "upstream connect error or disconnect/reset before headers\n" } } }] },
    });
    expect(run.code).toBe(1);
    // The other go.mod was served: the proxy is up.
    expect(px.requests.filter((r) => r.path.endsWith(".mod")).length).toBe(2);
    expect(top?.code, names).toBe("GMD104");
    const module = /example\.com\/[ab]@v1\.\d\.0/.exec(report.errors.join("\n"))?.[0];
    expect(top?.title).toBe(`The module proxy 127.0.0.1:${px.port} answers 503 for the go.mod of ${module}`);
    expect(top?.evidence).toContain("server response: upstream connect error or disconnect/reset before headers");
    expect(top?.fixes[0]?.commands).toEqual([`go mod download -x ${module}`]);
    // The probe's own ask for that module's .info, a moment later, was served: the proxy is up; whether the go.mod's 503 comes and
    // goes, or that file alone fails, a .info cannot tell (scen13: a .mod that always answers 502 reads the same).
    expect(top?.why).toContain(
      `It answered gomod-doctor's request for the .info of ${module} (200 OK) moments later, so it is up and serves this module; ` +
        `the 503 for the go.mod of ${module} either comes and goes (a retry passes) or that file alone fails there (a retry fails the same way).`,
    );
    expect(top?.evidence).toContain(`probe: ${px.url}/${module!.replace("@", "/@v/")}.info answered 200 OK`);
  }, 60_000);

  it("look-alike: 503 for every request (the probe's too): no 'comes and goes'", async () => {
    const { run, top, names } = await against({ proxy: { faults: [{ mode: { type: "status", status: 503, body: "maintenance\n" } }] } });
    expect(run.code).toBe(1);
    expect(top?.code, names).toBe("GMD104");
    expect(top?.why).not.toContain("comes and goes");
  }, 60_000);
});

describe("a login page in place of an .info (200, text/html)", () => {
  for (const go of GO_VERSIONS) {
    it(`go${go}: one proxy-bad-response naming the module and the .info, the page's title from the probe in evidence, the curl of that URL`, async () => {
      const page = "<!doctype html><html><head><title>Sign in to Artifactory</title></head><body>login</body></html>";
      const { px, run, report, top, names } = await against({ proxy: { faults: [{ module: "example.com/a", kind: "info", mode: { type: "body", body: page } }] }, go });
      expect(run.code).toBe(1);
      expect(report.errors.join("\n")).toContain(`invalid response from proxy "${px.url}"`);
      expect(top?.code, names).toBe("GMD112");
      expect(top?.title).toBe(`The module proxy 127.0.0.1:${px.port} sent something else for example.com/a@v1.0.0: the .info it sent is not JSON`);
      expect(top?.evidence.join("\n")).toContain('the .info answer is an HTML page ("Sign in to Artifactory")');
      expect(top?.fixes[0]?.commands).toEqual([`curl -sS -D - ${px.url}/example.com/a/@v/v1.0.0.info | head -c 600`]);
      // Not a second, vaguer finding for the same page with a curl of the proxy's root.
      expect(report.findings.filter((f) => f.code === "GMD112")).toHaveLength(1);
    }, 60_000);
  }
});

describe("a proxy that hangs on the toolchain download only (go 1.99.0 in go.mod, GOTOOLCHAIN=auto)", () => {
  const GOMOD = "module example.com/fixture/toolchain\n\ngo 1.99.0\n\nrequire example.com/a v1.0.0\n";
  /** GOTOOLCHAIN unset: go's default (auto) fetches the toolchain go.mod asks for. */
  const againstToolchain = (proxy: ProxyOptions) => against({ proxy, project: { gomod: GOMOD }, prepare: (s) => void delete s.env.GOTOOLCHAIN });

  it("go prints no request for it: the probe's root answer shows the proxy is up and stuck on that toolchain, curl of its URL; GOTOOLCHAIN=local offered", async () => {
    const { px, run, report, top, names } = await againstToolchain({ synthesize: true, faults: [{ module: "golang.org/toolchain", mode: { type: "stall-headers" } }] });
    expect(run.code).toBe(3);
    expect(report.stall?.suspects[0]).toMatchObject({ kind: "toolchain", module: "golang.org/toolchain" });
    expect(top?.code, names).toBe("GMD103");
    expect(top?.title).toMatch(new RegExp(`^The module proxy 127\\.0\\.0\\.1:${px.port} answers, but not for the go1\\.99\\.0 toolchain \\(golang\\.org/toolchain@v0\\.0\\.1-go1\\.99\\.0\\.linux-amd64\\)`));
    expect(top?.why).not.toMatch(/firewall/);
    const url = `${px.url}/golang.org/toolchain/@v/v0.0.1-go1.99.0.linux-amd64.info`;
    expect(top?.evidence).toContain(`probe: ${url} got no response headers, while the proxy's own URL answered 404 Not Found`);
    expect(top?.fixes[0]?.commands).toEqual([`curl -sS -m 10 -o /dev/null -w '%{http_code} %{time_starttransfer}s\\n' ${url}`]);
    expect(finding(report, "toolchain-unavailable")?.fixes.flatMap((f) => f.commands)).toContain("GOTOOLCHAIN=local go mod download");
  }, 60_000);

  it("look-alike: a proxy silent for every request: still 'does not answer' (its root got nothing either)", async () => {
    const { px, run, top, names } = await againstToolchain({ faults: [{ mode: { type: "stall-headers" } }] });
    expect(run.code).toBe(3);
    expect(top?.code, names).toBe("GMD103");
    expect(top?.title).toMatch(new RegExp(`^The module proxy 127\\.0\\.0\\.1:${px.port} does not answer`));
  }, 60_000);
});
