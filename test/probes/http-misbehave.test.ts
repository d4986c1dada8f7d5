// A rate-limited (429) or unavailable (503) answer's Retry-After is kept as a
// fact, so the rules can say how long to wait; other answers carry none.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { httpGet } from "../../src/probes/net/http.js";
import { closeAll, httpServer, rawServer, removeTempDirs } from "./servers.js";

afterEach(closeAll);
afterAll(removeTempDirs);

describe("httpGet and Retry-After", () => {
  it("keeps a 429's Retry-After (seconds) with the status", async () => {
    const port = await httpServer((_req, res) => {
      res.writeHead(429, { "Retry-After": "30" });
      res.end("Too Many Requests\n");
    });
    const { facts } = await httpGet(`http://127.0.0.1:${port}/example.com/a/@v/list`, { timeoutMs: 2000 });
    expect(facts).toMatchObject({ ok: false, status: 429, code: "HTTP_429", retryAfter: "30" });
  });

  it("keeps an HTTP-date Retry-After, capped in length", async () => {
    const long = `Wed, 21 Oct 2099 07:28:00 GMT${" x".repeat(100)}`;
    const port = await httpServer((_req, res) => {
      res.writeHead(503, { "Retry-After": long });
      res.end("down\n");
    });
    const { facts } = await httpGet(`http://127.0.0.1:${port}/`, { timeoutMs: 2000 });
    expect(facts.retryAfter?.startsWith("Wed, 21 Oct 2099 07:28:00 GMT")).toBe(true);
    expect(facts.retryAfter!.length).toBeLessThanOrEqual(64);
  });

  it("has none when the server sends none", async () => {
    const port = await httpServer((_req, res) => {
      res.statusCode = 429;
      res.end("slow down\n");
    });
    const { facts } = await httpGet(`http://127.0.0.1:${port}/`, { timeoutMs: 2000 });
    expect(facts.status).toBe(429);
    expect(facts.retryAfter).toBeUndefined();
  });
});

describe("httpGet quotes an error page by its title", () => {
  it("an HTML error page: its title, without the status said twice", async () => {
    const port = await httpServer((_req, res) => {
      res.writeHead(400, { "Content-Type": "text/html" });
      res.end("<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body>...</body></html>\r\n");
    });
    const { facts } = await httpGet(`http://127.0.0.1:${port}/example.com/a/@v/list`, { timeoutMs: 2000 });
    expect(facts).toMatchObject({ ok: false, status: 400, code: "HTTP_400", message: "400 The plain HTTP request was sent to HTTPS port" });
  });

  it("a plain-text body: its first non-empty line; an empty body: the status's name", async () => {
    const port = await httpServer((req, res) => {
      res.writeHead(404);
      res.end(req.url === "/empty" ? "" : "\nnot found: example.com/a@v1.0.0: unknown revision\n");
    });
    expect((await httpGet(`http://127.0.0.1:${port}/x`, { timeoutMs: 2000 })).facts.message).toBe("404 not found: example.com/a@v1.0.0: unknown revision");
    expect((await httpGet(`http://127.0.0.1:${port}/empty`, { timeoutMs: 2000 })).facts.message).toBe("404 Not Found");
  });
});

describe("httpGet keeps the server's reason phrase (undici's statusText), printable and bounded", () => {
  it("a 2xx keeps its reason as other codes keep their words; a bodiless error status is quoted by it before the standard name", async () => {
    const port = await httpServer((req, res) => {
      if (req.url === "/ok") res.writeHead(200, "Served from cache", { "Content-Type": "text/plain" });
      else res.writeHead(403, "Blocked by policy");
      res.end(req.url === "/ok" ? "v1.0.0\n" : "");
    });
    const ok = (await httpGet(`http://127.0.0.1:${port}/ok`, { timeoutMs: 2000 })).facts;
    expect(ok).toMatchObject({ ok: true, status: 200, reason: "Served from cache" });
    expect((await httpGet(`http://127.0.0.1:${port}/no`, { timeoutMs: 2000 })).facts).toMatchObject({ status: 403, message: "403 Blocked by policy" });
  });

  it("a hostile status line: bytes outside printable ASCII shown as '?', at most 60 characters", async () => {
    const port = await rawServer((socket) => {
      socket.once("data", () => socket.end(Buffer.concat([Buffer.from("HTTP/1.1 200 OK\xe9"), Buffer.from([0x7f]), Buffer.from(`${"x".repeat(200)}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok`, "latin1")])));
    });
    const { facts } = await httpGet(`http://127.0.0.1:${port}/`, { timeoutMs: 2000 });
    expect(facts.status).toBe(200);
    expect(facts.reason).toMatch(/^OK\?\?x+$/);
    expect(facts.reason!.length).toBe(60);
  });
});
