// A module proxy speaking HTTP/2 that cuts the zip's stream (RST_STREAM INTERNAL_ERROR) or
// sends GOAWAY and closes the connection mid-body, as goproxy.cn, goproxy.io and proxies
// behind some CDNs have: the real go1.23 through `diagnose --json`. The finding says HTTP/2,
// and its test (GODEBUG=http2client=0: HTTP/1.1) really gets round a proxy whose HTTP/2 alone is broken.
import { afterEach, describe, expect, it } from "vitest";
import { BIG_MODULE } from "../../fixtures/modules.js";
import { GO123, runCommand } from "../../fixtures/run-go.js";
import { CA_CERT_FILE } from "../../fixtures/tls.js";
import { cleanupAll, diagnoseJson, proxy, setup } from "./findings-support.js";

afterEach(cleanupAll);

async function against(mode: { type: "h2-reset-stream"; afterBytes: number } | { type: "h2-goaway"; afterBytes: number }) {
  const px = await proxy({ tls: "trusted", http2: true, faults: [{ module: BIG_MODULE, kind: "zip", mode }] });
  const { dir, env } = await setup("big", px.url, { SSL_CERT_FILE: CA_CERT_FILE });
  const { run, top, names } = await diagnoseJson(dir, env, [], { timeoutMs: 30_000 });
  return { px, dir, env, run, top, names, commands: top?.fixes.flatMap((f) => f.commands) ?? [] };
}

describe("HTTP/2 cuts from the module proxy", () => {
  it("a stream reset mid-zip: proxy-reset says HTTP/2 and the code, with go's own words and the HTTP/1.1 test", async () => {
    const { px, run, top, names, commands } = await against({ type: "h2-reset-stream", afterBytes: 100_000 });
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-reset");
    expect(top?.title).toBe(`Connections to the module proxy 127.0.0.1:${px.port} are cut mid-transfer: HTTP/2 streams reset (INTERNAL_ERROR)`);
    expect(top?.evidence.join("\n")).toMatch(/stream error: stream ID \d+; INTERNAL_ERROR; received from peer/);
    expect(commands).toContain("GODEBUG=http2client=0 go mod download -x");
  }, 60_000);

  it("a GOAWAY mid-zip: proxy-reset says the server closes HTTP/2 connections", async () => {
    const { px, run, top, names } = await against({ type: "h2-goaway", afterBytes: 100_000 });
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-reset");
    expect(top?.title).toBe(`Connections to the module proxy 127.0.0.1:${px.port} are cut mid-transfer: the server closes HTTP/2 connections (GOAWAY)`);
    expect(top?.evidence.join("\n")).toMatch(/http2: server sent GOAWAY and closed the connection; LastStreamID=\d+, ErrCode=NO_ERROR/);
  }, 60_000);

  it("the fix's test holds: over HTTP/1.1 (GODEBUG=http2client=0) the same download completes", async () => {
    const { dir, env } = await against({ type: "h2-reset-stream", afterBytes: 100_000 });
    const h1 = await runCommand([GO123, "mod", "download", "-x"], { cwd: dir, env: { ...env, GODEBUG: "http2client=0" }, timeoutMs: 30_000 });
    expect(h1.code, h1.stderr).toBe(0);
  }, 60_000);
});
