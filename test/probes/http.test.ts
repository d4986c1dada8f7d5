import { connect as netConnect } from "node:net";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { httpGet, readRange } from "../../src/probes/net/http.js";
import { proxyConnect } from "../../src/probes/net/connect.js";
import { splitPem } from "../../src/probes/net/cas.js";
import { blackhole, closeAll, httpServer, httpsServer, rawServer, refusedPort, removeTempDirs, selfSigned } from "./servers.js";

afterEach(closeAll);
afterAll(removeTempDirs);

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work;
  return { value, ms: performance.now() - start };
}

describe("httpGet", () => {
  it("records status, time to first byte and a snippet of the body", async () => {
    const port = await httpServer((_req, res) => res.end("v1.0.0\nv1.1.0\n"));
    const { facts, body } = await httpGet(`http://127.0.0.1:${port}/example.com/a/@v/list`, { timeoutMs: 2000 });
    expect(facts).toMatchObject({ ok: true, status: 200, bytes: 14, bodySnippet: "v1.0.0\nv1.1.0\n" });
    expect(facts.ttfbMs).toBeGreaterThanOrEqual(0);
    expect(body).toBe("v1.0.0\nv1.1.0\n");
  });

  it("records a 401 as a status, not a transport failure", async () => {
    const port = await httpServer((_req, res) => {
      res.statusCode = 401;
      res.end("unauthorized: token=abcdef123456\n");
    });
    const { facts } = await httpGet(`http://127.0.0.1:${port}/`, { timeoutMs: 2000 });
    expect(facts).toMatchObject({ ok: false, status: 401, code: "HTTP_401" });
    expect(facts.bodySnippet).not.toContain("abcdef123456");
  });

  it("measures a slow server's time to first byte", async () => {
    const port = await httpServer((_req, res) => void setTimeout(() => res.end("late"), 300));
    const { facts } = await httpGet(`http://127.0.0.1:${port}/`, { timeoutMs: 3000 });
    expect(facts.ok).toBe(true);
    expect(facts.ttfbMs).toBeGreaterThanOrEqual(280);
  });

  it("times out on a server that accepts and never answers", async () => {
    const port = await blackhole();
    const { value, ms } = await timed(httpGet(`http://127.0.0.1:${port}/`, { timeoutMs: 400 }));
    expect(value.facts).toMatchObject({ ok: false, code: "TIMEOUT" });
    expect(ms).toBeLessThan(1400);
  });

  it("times out on an https server whose handshake never finishes", async () => {
    const port = await blackhole();
    const { value, ms } = await timed(httpGet(`https://127.0.0.1:${port}/`, { timeoutMs: 400 }));
    expect(value.facts).toMatchObject({ ok: false, code: "TIMEOUT" });
    expect(ms).toBeLessThan(1400);
  });

  it("reports ECONNREFUSED for a closed port", async () => {
    const port = await refusedPort();
    const { facts } = await httpGet(`http://127.0.0.1:${port}/`, { timeoutMs: 2000 });
    expect(facts).toMatchObject({ ok: false, code: "ECONNREFUSED" });
  });

  it("stops reading a huge body at the cap", async () => {
    let written = 0;
    const port = await httpServer((_req, res) => {
      const chunk = Buffer.alloc(64 * 1024, 120);
      const pump = (): void => {
        while (written < 1024 * 1024 * 1024 && res.write(chunk)) written += chunk.length;
        if (!res.destroyed) res.once("drain", pump);
      };
      res.on("error", () => undefined);
      pump();
    });
    const { value, ms } = await timed(httpGet(`http://127.0.0.1:${port}/`, { timeoutMs: 3000, maxBytes: 64 * 1024 }));
    expect(value.facts.ok).toBe(true);
    expect(value.facts.bytes).toBeGreaterThanOrEqual(64 * 1024);
    expect(value.facts.bytes).toBeLessThan(1024 * 1024);
    expect(value.facts.bodySnippet?.length).toBeLessThanOrEqual(512);
    expect(ms).toBeLessThan(2000);
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });

  it("stops an endless stream of headers", async () => {
    const port = await rawServer((socket) => {
      socket.write("HTTP/1.1 200 OK\r\n");
      const timer = setInterval(() => {
        if (socket.destroyed) return clearInterval(timer);
        socket.write(`X-Filler: ${"a".repeat(1000)}\r\n`);
      }, 1);
      socket.on("close", () => clearInterval(timer));
    });
    const { value, ms } = await timed(httpGet(`http://127.0.0.1:${port}/`, { timeoutMs: 1500 }));
    expect(value.facts.ok).toBe(false);
    expect(["HEADERS_OVERFLOW", "TIMEOUT"]).toContain(value.facts.code);
    expect(ms).toBeLessThan(2500);
  });

  it("stops a redirect loop", async () => {
    let hits = 0;
    const port = await httpServer((req, res) => {
      hits++;
      res.writeHead(302, { location: req.url === "/a" ? "/b" : "/a" }).end();
    });
    const { facts } = await httpGet(`http://127.0.0.1:${port}/a`, { timeoutMs: 2000 });
    expect(facts).toMatchObject({ ok: false, code: "TOO_MANY_REDIRECTS", status: 302 });
    expect(facts.redirects).toHaveLength(6);
    expect(hits).toBe(6);
  });

  it("follows a few redirects to the answer", async () => {
    const port = await httpServer((req, res) => {
      if (req.url === "/final") res.end("here");
      else res.writeHead(301, { location: "/final" }).end();
    });
    const { facts, finalUrl } = await httpGet(`http://127.0.0.1:${port}/start`, { timeoutMs: 2000 });
    expect(facts).toMatchObject({ ok: true, status: 200, redirects: [`http://127.0.0.1:${port}/final`] });
    expect(finalUrl).toBe(`http://127.0.0.1:${port}/final`);
  });

  it("classifies garbage bytes as a parse error", async () => {
    const port = await rawServer((socket) => socket.end("\x00\x01garbage\r\n\r\n"));
    const { facts } = await httpGet(`http://127.0.0.1:${port}/`, { timeoutMs: 2000 });
    expect(facts.ok).toBe(false);
    expect(facts.code).toMatch(/^HPE_/);
  });

  it("classifies a connection closed before the headers", async () => {
    const port = await rawServer((socket) => socket.once("data", () => socket.destroy()));
    const { facts } = await httpGet(`http://127.0.0.1:${port}/`, { timeoutMs: 2000 });
    expect(facts).toMatchObject({ ok: false, code: "SOCKET_CLOSED" });
  });

  it("redacts credentials in the URL it records", async () => {
    const port = await httpServer((_req, res) => res.end("ok"));
    const { facts } = await httpGet(`http://user:s3cret@127.0.0.1:${port}/`, { timeoutMs: 2000 });
    expect(facts.url).not.toContain("s3cret");
  });

  it("fails on an untrusted certificate and succeeds with it as a CA", async () => {
    const cert = selfSigned();
    const port = await httpsServer((_req, res) => res.end("secure"));
    const untrusted = await httpGet(`https://127.0.0.1:${port}/`, { timeoutMs: 2000, ca: [] });
    expect(untrusted.facts).toMatchObject({ ok: false, code: "DEPTH_ZERO_SELF_SIGNED_CERT" });
    const trusted = await httpGet(`https://127.0.0.1:${port}/`, { timeoutMs: 2000, ca: splitPem(cert.cert) });
    expect(trusted.facts).toMatchObject({ ok: true, status: 200, bodySnippet: "secure" });
  });

  it("goes through an HTTP proxy with an absolute URL for http targets", async () => {
    const seen: string[] = [];
    const proxyPort = await httpServer((req, res) => {
      seen.push(req.url ?? "");
      res.end("via proxy");
    });
    const { facts } = await httpGet("http://upstream.invalid/list", { timeoutMs: 2000, proxy: `http://127.0.0.1:${proxyPort}` });
    expect(facts).toMatchObject({ ok: true, status: 200, bodySnippet: "via proxy" });
    expect(seen).toEqual(["http://upstream.invalid/list"]);
  });
});

describe("readRange", () => {
  it("asks for a range and measures throughput within its window", async () => {
    let range: string | undefined;
    const port = await httpServer((req, res) => {
      range = req.headers.range;
      res.writeHead(206, { "content-type": "application/zip" });
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(Buffer.alloc(1024))), 10);
      res.on("close", () => clearInterval(timer));
    });
    const { value, ms } = await timed(readRange(`http://127.0.0.1:${port}/m/@v/v1.0.0.zip`, { bytes: 1024 * 1024, windowMs: 300, timeoutMs: 3000 }));
    expect(range).toBe("bytes=0-1048575");
    expect(value.facts).toMatchObject({ ok: true, status: 206 });
    expect(value.facts.bytes).toBeGreaterThan(0);
    expect(value.facts.bytesPerSecond).toBeGreaterThan(0);
    expect(value.facts.bytesPerSecond).toBeLessThan(1024 * 1024);
    expect(ms).toBeLessThan(1500);
  });

  it("calls a zip that sends headers and no body stalled", async () => {
    const port = await httpServer((_req, res) => res.writeHead(200, { "content-length": "1000000" }).flushHeaders());
    const { value, ms } = await timed(readRange(`http://127.0.0.1:${port}/z.zip`, { windowMs: 300, timeoutMs: 3000 }));
    expect(value.facts).toMatchObject({ ok: false, status: 200, code: "BODY_STALLED", bytes: 0 });
    expect(ms).toBeLessThan(1500);
  });

  it("is fine with a small zip that ends inside the window", async () => {
    const port = await httpServer((_req, res) => res.end(Buffer.alloc(5000)));
    const { facts } = await readRange(`http://127.0.0.1:${port}/z.zip`, { windowMs: 1000, timeoutMs: 3000 });
    expect(facts).toMatchObject({ ok: true, bytes: 5000 });
  });
});

describe("proxyConnect", () => {
  it("records the proxy's answer to CONNECT", async () => {
    let request = "";
    const port = await rawServer((socket) =>
      socket.once("data", (data) => {
        request = data.toString();
        socket.end("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n");
      }),
    );
    const facts = await proxyConnect(`http://user:pw@127.0.0.1:${port}`, "proxy.golang.org:443", { timeoutMs: 2000 });
    expect(facts).toMatchObject({ ok: false, status: 407, code: "HTTP_407", target: "proxy.golang.org:443" });
    expect(request).toMatch(/^CONNECT proxy\.golang\.org:443 HTTP\/1\.1\r\n/);
    expect(request).toContain(`Proxy-Authorization: Basic ${Buffer.from("user:pw").toString("base64")}`);
  });

  it("is ok on 200", async () => {
    const port = await rawServer((socket) => socket.once("data", () => socket.write("HTTP/1.1 200 Connection established\r\n\r\n")));
    expect(await proxyConnect(`http://127.0.0.1:${port}`, "a.test:443", { timeoutMs: 2000 })).toMatchObject({ ok: true, status: 200 });
  });

  it("wants the whole head, and no body after a 200 (a web page is no tunnel)", async () => {
    const empty = await rawServer((socket) => socket.once("data", () => socket.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")));
    expect(await proxyConnect(`http://127.0.0.1:${empty}`, "a.test:443", { timeoutMs: 2000 })).toMatchObject({ ok: true, status: 200 });
    const page = await rawServer((socket) =>
      socket.once("data", () => socket.write("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>portal</html>")),
    );
    expect(await proxyConnect(`http://127.0.0.1:${page}`, "a.test:443", { timeoutMs: 2000 })).toMatchObject({
      ok: false,
      code: "BAD_RESPONSE",
      message: 'answered "200 OK" to CONNECT with 19 bytes of body: a web page (a captive portal, a proxy\'s error page), not a tunnel',
    });
    const endless = await rawServer((socket) => socket.once("data", () => socket.write("HTTP/1.1 200 OK\r\nX-A: 1\r\n")));
    const { value, ms } = await timed(proxyConnect(`http://127.0.0.1:${endless}`, "a.test:443", { timeoutMs: 300 }));
    expect(value).toMatchObject({ ok: false, code: "TIMEOUT", message: expect.stringMatching(/^answered "200 OK" and its headers never ended/) });
    expect(ms).toBeLessThan(1300);
  });

  it("with tlsThrough: a tunnel that relays nothing is TUNNEL_SILENT within the deadline; one that reaches a TLS server is ok", async () => {
    const hole = await rawServer((socket) => socket.once("data", () => socket.write("HTTP/1.1 200 Connection established\r\n\r\n")));
    const { value, ms } = await timed(proxyConnect(`http://127.0.0.1:${hole}`, "goproxy.corp.test:443", { timeoutMs: 600, tlsThrough: true }));
    expect(value).toMatchObject({ ok: false, status: 200, code: "TUNNEL_SILENT", target: "goproxy.corp.test:443" });
    expect(value.message).toMatch(/nothing came back through the tunnel \(a TLS handshake with goproxy\.corp\.test never finished\)/);
    expect(ms).toBeLessThan(1600);
    // A working proxy: CONNECT is answered, then bytes go both ways to a TLS server (its certificate is not judged here).
    const tlsPort = await httpsServer((_req, res) => res.end("ok"));
    const relay = await rawServer((socket) =>
      socket.once("data", () => {
        const upstream = netConnect({ host: "127.0.0.1", port: tlsPort }, () => {
          socket.write("HTTP/1.1 200 Connection established\r\n\r\n");
          socket.pipe(upstream).pipe(socket);
        });
        upstream.on("error", () => socket.destroy());
      }),
    );
    expect(await proxyConnect(`http://127.0.0.1:${relay}`, "goproxy.corp.test:443", { timeoutMs: 3000, tlsThrough: true })).toMatchObject({ ok: true, status: 200 });
  });

  it("classifies garbage, silence and refusal", async () => {
    const garbage = await rawServer((socket) => socket.once("data", () => socket.write("SSH-2.0-OpenSSH\r\n")));
    expect(await proxyConnect(`http://127.0.0.1:${garbage}`, "a.test:443", { timeoutMs: 2000 })).toMatchObject({ ok: false, code: "BAD_RESPONSE" });
    const silent = await blackhole();
    const { value, ms } = await timed(proxyConnect(`http://127.0.0.1:${silent}`, "a.test:443", { timeoutMs: 300 }));
    expect(value).toMatchObject({ ok: false, code: "TIMEOUT" });
    expect(ms).toBeLessThan(1300);
    const refused = await refusedPort();
    expect(await proxyConnect(`http://127.0.0.1:${refused}`, "a.test:443", { timeoutMs: 2000 })).toMatchObject({ ok: false, code: "ECONNREFUSED" });
    expect(await proxyConnect("socks5://127.0.0.1:1080", "a.test:443")).toMatchObject({ ok: false, code: "UNSUPPORTED" });
  });
});
