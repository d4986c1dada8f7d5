// Scenario round 12, live with the real go: GOPROXY entries whose scheme does
// not match what their port speaks, a company proxy refusing the ~/.netrc entry
// go sent, an HTTPS_PROXY refusing the user:password in its URL (never printed),
// a proxy on IPv6 loopback, and a `Content-Encoding: gzip` on a body that is not.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CA_CERT_FILE } from "../../fixtures/tls.js";
import { runCli } from "../helpers/cli.js";
import { GO_VERSIONS } from "./support/watch.js";
import { cleanupAll, defer, diagnoseJson, finding, leftovers, parseReport, proxy, setup } from "./findings-support.js";

afterEach(cleanupAll);

/** The PATH of `env` with go `go` first. */
function withGo(env: Record<string, string>, go: string): Record<string, string> {
  return { ...env, PATH: env.PATH!.replace(/go-1\.\d+/, `go-${go}`) };
}

const commands = (f: { fixes: { commands: string[] }[] } | undefined) => (f?.fixes ?? []).flatMap((x) => x.commands);

describe("a GOPROXY entry whose scheme does not match its port", () => {
  for (const go of GO_VERSIONS) {
    it(`go${go}: https:// at a plain-HTTP port: go's "server gave HTTP response to HTTPS client" quoted, the fix asks it over http:// and works`, async () => {
      const px = await proxy();
      const wrong = px.url.replace("http://", "https://");
      const s = await setup("healthy", `${wrong},off`);
      const { run, report, top, names } = await diagnoseJson(s.dir, withGo(s.env, go));
      expect(run.code).toBe(1);
      expect(top?.code, names).toBe("GMD112");
      expect(top?.title).toBe(`The module proxy 127.0.0.1:${px.port} speaks plain http, but GOPROXY names it with https://`);
      expect(top?.evidence.join("\n")).toContain("http: server gave HTTP response to HTTPS client");
      const fix = commands(top).find((c) => c.includes("GOPROXY="));
      expect(fix).toBe(`export GOPROXY=${px.url},off`);
      expect(finding(report, "proxy-reset")).toBeUndefined();
      // The fix works: the same download with GOPROXY as the fix sets it succeeds.
      const fixed = await diagnoseJson(s.dir, withGo({ ...s.env, GOPROXY: `${px.url},off` }, go));
      expect(fixed.run.code).toBe(0);
    }, 90_000);
  }

  it("http:// at a TLS port (go says only EOF): not a proxy that resets; a TLS handshake there completes, the fix asks it over https:// and works", async () => {
    const px = await proxy({ tls: "trusted" });
    const wrong = px.url.replace("https://", "http://");
    const s = await setup("healthy", wrong, { SSL_CERT_FILE: CA_CERT_FILE });
    const { run, report, top, names } = await diagnoseJson(s.dir, s.env);
    expect(run.code).toBe(1);
    expect(report.errors.join("\n")).toMatch(/v1\.\d\.0\.mod": EOF$/m);
    expect(top?.code, names).toBe("GMD112");
    expect(top?.title).toBe(`The module proxy 127.0.0.1:${px.port} speaks TLS (https), but GOPROXY names it with http://`);
    expect(top?.evidence[0]).toMatch(new RegExp(`a TLS handshake at port ${px.port} completes \\(TLSv1\\.[23], certificate for CN=localhost\\)$`));
    expect(top?.evidence.join("\n")).toContain(`Get "${wrong}/example.com/a/@v/v1.0.0.mod": EOF`);
    expect(commands(top)).toContain(`export GOPROXY=${px.url}`);
    expect(finding(report, "proxy-reset")).toBeUndefined();
    const fixed = await diagnoseJson(s.dir, { ...s.env, GOPROXY: px.url });
    expect(fixed.run.code).toBe(0);
  }, 90_000);
});

describe("an http:// GOPROXY entry at nginx's TLS port", () => {
  it("go reads `400 Bad Request` (nginx: plain HTTP request sent to HTTPS port): the scheme is named, not an unexplained failure; the fix works", async () => {
    const px = await proxy({ tls: "trusted", plainHttpOnTls: "400" });
    const wrong = px.url.replace("https://", "http://");
    const s = await setup("healthy", wrong, { SSL_CERT_FILE: CA_CERT_FILE });
    const { run, report, top, names } = await diagnoseJson(s.dir, s.env);
    expect(run.code).toBe(1);
    expect(report.errors.join("\n")).toContain(`reading ${wrong}/example.com/a/@v/v1.0.0.mod: 400 Bad Request`);
    expect(top?.code, names).toBe("GMD112");
    expect(top?.title).toBe(`The module proxy 127.0.0.1:${px.port} speaks TLS (https), but GOPROXY names it with http://`);
    expect(commands(top)).toContain(`export GOPROXY=${px.url}`);
    expect(finding(report, "unexplained-failure")).toBeUndefined();
    const fixed = await diagnoseJson(s.dir, { ...s.env, GOPROXY: px.url });
    expect(fixed.run.code).toBe(0);
  }, 90_000);
});

describe("a company module proxy over https refusing the ~/.netrc entry go sent", () => {
  const NETRC_PASSWORD = "Wr0ngN3trcPW";

  it("401 with a ~/.netrc entry for its host: refuses the credentials, the fix corrects that entry (adds no second one), the password never shown", async () => {
    const px = await proxy({ tls: "trusted", faults: [{ mode: { type: "status", status: 401, body: "unauthorized", headers: { "WWW-Authenticate": 'Basic realm="artifactory"' } } }] });
    const s = await setup("healthy", px.url, { SSL_CERT_FILE: CA_CERT_FILE });
    const netrc = join(s.home, ".netrc");
    await writeFile(netrc, `machine 127.0.0.1 login alice password ${NETRC_PASSWORD}\n`, { mode: 0o600 });
    const { run, top, names } = await diagnoseJson(s.dir, s.env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("auth-failed");
    expect(top?.title).toBe(`127.0.0.1:${px.port} refuses the credentials (module proxy)`);
    expect(top?.evidence.join("\n")).toContain(`reading ${px.url}/example.com/a/@v/v1.0.0.mod: 401 Unauthorized`);
    expect(top?.evidence).toContain("~/.netrc has an entry for 127.0.0.1 with a password: it may be wrong, expired or lack read access");
    expect(top?.fixes[0]?.summary).toMatch(new RegExp("^Correct the existing `machine 127\\.0\\.0\\.1` entry in "));
    expect(commands(top).join("\n")).not.toContain(">> ~/.netrc");
    expect(run.stdout + run.stderr).not.toContain(NETRC_PASSWORD);
  }, 60_000);
});

/** An HTTP proxy stand-in that answers every CONNECT with 407, recording what it was sent. */
async function proxyAsking407(): Promise<{ port: number; received: string[] }> {
  const sockets = new Set<Socket>();
  const received: string[] = [];
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.once("data", (d) => {
      received.push(d.toString("latin1"));
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  defer(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return { port: (server.address() as AddressInfo).port, received };
}

describe("an HTTPS_PROXY answering 407 to the user:password in its URL", () => {
  const PASSWORD = "Pr0xyS3cretPW";
  const FORMATS: [string, string[]][] = [
    ["human", []],
    ["human --verbose", ["--verbose"]],
    ["--json", ["--json"]],
    ["--ndjson", ["--ndjson"]],
  ];

  it("http-proxy-dead says the credentials in the URL are refused; the password appears in no output format", async () => {
    const squid = await proxyAsking407();
    // Go never proxies loopback, so GOPROXY names a host only the HTTP proxy would reach.
    const s = await setup("healthy", "https://goproxy.corp.invalid", { HTTPS_PROXY: `http://alice:${PASSWORD}@127.0.0.1:${squid.port}` });
    for (const [name, flags] of FORMATS) {
      const run = await runCli(["diagnose", s.dir, "--stall-timeout", "2", "--probe-timeout", "2", ...flags], { env: s.env, timeoutMs: 40_000 });
      expect(run.code, `${name}: ${run.stderr}`).toBe(1);
      expect(run.stdout.includes(PASSWORD), `${name}: password on stdout`).toBe(false);
      expect(run.stderr.includes(PASSWORD), `${name}: password on stderr`).toBe(false);
      if (name === "--json") {
        const report = parseReport(run.stdout);
        const top = report.findings[0];
        expect(report.errors.join("\n")).toMatch(/Proxy Authentication Required/);
        expect(top?.name).toBe("http-proxy-dead");
        expect(top?.title).toBe(`HTTPS_PROXY=http://***@127.0.0.1:${squid.port} does not work: the proxy refuses the credentials in the URL (407 Proxy Authentication Required)`);
        expect(commands(top)).toEqual([`export HTTPS_PROXY=http://<USER>:<PASSWORD>@127.0.0.1:${squid.port}`]);
      }
      if (name === "human --verbose") expect(run.stdout).toContain(`http://***@127.0.0.1:${squid.port}`);
      expect(await leftovers(run.marker)).toEqual([]);
    }
    // go did send the credentials (so they were refused, not missing).
    const basic = Buffer.from(`alice:${PASSWORD}`).toString("base64");
    expect(squid.received.some((r) => r.startsWith("CONNECT goproxy.corp.invalid:443") && r.includes(`Proxy-Authorization: Basic ${basic}`))).toBe(true);
  }, 180_000);
});

describe("a module proxy on IPv6 loopback, http://[::1]:PORT", () => {
  it("healthy: exit 0, nothing blamed", async () => {
    const px = await proxy({ host: "::1" });
    const s = await setup("healthy", px.url);
    const { run, report } = await diagnoseJson(s.dir, s.env);
    expect(run.code).toBe(0);
    expect(report.findings.filter((f) => f.severity === "blocker")).toEqual([]);
    expect(px.requests.some((r) => r.path === "/example.com/a/@v/v1.0.0.zip")).toBe(true);
  }, 60_000);

  it("503 for the zips: proxy-server-error names [::1]:PORT, and its curl fix brackets the address", async () => {
    const px = await proxy({ host: "::1", faults: [{ kind: "zip", mode: { type: "status", status: 503 } }] });
    const s = await setup("healthy", px.url);
    const { run, top, names } = await diagnoseJson(s.dir, s.env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-server-error");
    expect(top?.title).toMatch(new RegExp(`^The module proxy \\[::1\\]:${px.port} answers 503 for the zip of example\\.com/[ab]`));
    expect(top?.evidence.join("\n")).toContain(`# get http://[::1]:${px.port}/example.com/a/@v/v1.0.0.zip: 503 Service Unavailable`);
    expect(commands(top)).toContain(`curl -sS -i 'http://[::1]:${px.port}'`);
  }, 60_000);
});

describe("Content-Encoding: gzip on a body that is not gzip", () => {
  for (const kind of ["mod", "zip"] as const) {
    it(`on the .${kind}: proxy-bad-response names the module and the proxy, quotes go's "gzip: invalid header", shows the headers`, async () => {
      const px = await proxy({ faults: [{ module: "example.com/a", kind, mode: { type: "headers", headers: { "Content-Encoding": "gzip" } } }] });
      const s = await setup("healthy", px.url);
      const { run, top, names } = await diagnoseJson(s.dir, s.env);
      expect(run.code).toBe(1);
      expect(top?.code, names).toBe("GMD112");
      expect(top?.title).toBe(`The module proxy 127.0.0.1:${px.port} sent something else for example.com/a@v1.0.0: the .${kind} it sent is marked gzip but is not`);
      expect(top?.evidence).toContain(`go: example.com/a@v1.0.0: read "${px.url}/example.com/a/@v/v1.0.0.${kind}": gzip: invalid header`);
      expect(commands(top)).toContain(`curl -sS -D - -H 'Accept-Encoding: gzip' ${px.url}/example.com/a/@v/v1.0.0.${kind} | head -c 600`);
      // What to do about it: whoever adds the header, and a way round this proxy for the affected module.
      expect(top?.fixes.map((f) => f.summary).join("\n")).toContain("Content-Encoding: gzip only on a body it compressed");
      expect(commands(top)).toContain("GOPROXY=direct go mod download example.com/a@v1.0.0");
    }, 60_000);
  }
});
