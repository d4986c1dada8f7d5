// Scenario round 10, live with the real go: an HTTP proxy whose tunnels break
// after a 200, a read-only module cache, a checksum database that fails, GONOSUMDB
// patterns that miss, a proxy that fails every other request.
import { execFile } from "node:child_process";
import { chmod } from "node:fs/promises";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { GO_VERSIONS } from "./support/watch.js";
import { cleanupAll, defer, diagnoseJson, finding, proxy, setup } from "./findings-support.js";

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

describe("an HTTPS_PROXY whose tunnel breaks after 200 Connection established", () => {
  // Go never proxies loopback, so GOPROXY names a host only the HTTP proxy would reach.
  for (const go of GO_VERSIONS) {
    it(`go${go}: closed at once: go says only EOF; http-proxy-dead names the closed tunnel, the module proxy is not blamed (no proxy-reset)`, async () => {
      const p = await rawProxy((s) => s.end("HTTP/1.1 200 Connection established\r\n\r\n"));
      const s = await setup("healthy", "https://goproxy.corp.invalid", { HTTPS_PROXY: p });
      const { run, report, top, names } = await diagnoseJson(s.dir, withGo(s.env, go));
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
    const p = await rawProxy((s) => s.write("HTTP/1.1 200 Connection established\r\n\r\n<html><title>Sign in to continue</title></html>\r\n"));
    const s = await setup("healthy", "https://goproxy.corp.invalid", { HTTPS_PROXY: p });
    const { run, report, top, names } = await diagnoseJson(s.dir, s.env);
    expect(run.code).toBe(3);
    expect(top?.code, names).toBe("GMD107");
    expect(top?.title).toBe(`HTTPS_PROXY=${p} does not work: the proxy answers CONNECT goproxy.corp.invalid:443 with a web page (a captive portal, a login or block page), not a tunnel`);
    expect(top?.evidence.join("\n")).toMatch(/with \d+ bytes of body/);
    expect(top?.fixes[0]?.commands[0]).toBe(`curl -sS -v -m 15 -o /dev/null --proxy "$HTTPS_PROXY" https://goproxy.corp.invalid/`);
    expect(finding(report, "no-proxy-missing")).toBeUndefined();
    expect(finding(report, "proxy-blackholed")).toBeUndefined();
  }, 60_000);

  it("look-alike: a 403 to CONNECT for an internal host (nothing tunnelled) stays no-proxy-missing", async () => {
    const p = await rawProxy((s) => s.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
    const s = await setup("healthy", "https://goproxy.corp.invalid", { HTTPS_PROXY: p });
    const { run, top, names } = await diagnoseJson(s.dir, s.env);
    expect(run.code).toBe(1);
    expect(top?.code, names).toBe("GMD108");
    expect(top?.fixes[0]?.commands[0]).toBe("export NO_PROXY=goproxy.corp.invalid");
  }, 60_000);
});

describe("a read-only module cache", () => {
  for (const go of GO_VERSIONS) {
    it(`go${go}: GMD402 first: not writable, and why (a read-only mount for root, whom chmod does not stop; permission bits otherwise)`, async () => {
      const px = await proxy();
      const s = await setup("healthy", px.url);
      const root = process.getuid?.() === 0;
      if (root) {
        // chmod 555 does not stop root: a read-only mount does (a CI cache volume mounted :ro).
        await run("mount", ["-t", "tmpfs", "-o", "ro,size=64m", "tmpfs", s.gomodcache]);
        defer(() => run("umount", [s.gomodcache]));
      } else {
        await chmod(s.gomodcache, 0o555);
        defer(() => chmod(s.gomodcache, 0o755));
      }
      const { run: r, report, top, names } = await diagnoseJson(s.dir, withGo(s.env, go));
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
