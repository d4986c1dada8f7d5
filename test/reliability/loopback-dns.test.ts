// Network: loopback only. `npm test` runs the suite behind scripts/loopback-dns.mjs,
// whose /etc/resolv.conf (private to the suite's mount namespace) names a stub on
// loopback that answers NXDOMAIN: the names tests look up to fail (proxy.invalid,
// the probe's reference names) never reach the machine's resolver.
import { lookup } from "node:dns/promises";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { GO123, runCommand } from "../../fixtures/run-go.js";

const stub = process.env.GOMOD_DOCTOR_LOOPBACK_DNS;
if (!stub) console.log("skipping the loopback-DNS checks: not run through scripts/loopback-dns.mjs as root (npm test does that)");

describe.runIf(stub)("DNS under npm test stays on loopback", () => {
  it("resolv.conf names only the loopback stub", () => {
    const servers = readFileSync("/etc/resolv.conf", "utf8").split("\n").filter((l) => /^\s*nameserver\s/.test(l)).map((l) => l.trim().split(/\s+/)[1]);
    expect(servers).toEqual([stub]);
    expect(stub).toMatch(/^127\./);
  });

  it("the stub answers at once that a public name does not exist (Node's getaddrinfo)", async () => {
    const started = Date.now();
    await expect(lookup("proxy.golang.org")).rejects.toMatchObject({ code: "ENOTFOUND" });
    expect(Date.now() - started).toBeLessThan(3000);
    expect((await lookup("localhost")).address).toMatch(/^(127\.0\.0\.1|::1)$/);
  });

  it("go's own resolver asks the stub too: `no such host` from it", async () => {
    const gopath = await mkdtemp(join(tmpdir(), "gomod-doctor-dns-"));
    onTestFinished(() => rm(gopath, { recursive: true, force: true }));
    const dl = await runCommand([GO123, "mod", "download", "-x", "example.com/a@v1.0.0"], {
      cwd: "/",
      env: { PATH: "/usr/bin:/bin", HOME: "/tmp", GOPATH: gopath, GOPROXY: "https://proxy.invalid", GOSUMDB: "off", GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local", GOENV: "off" },
      timeoutMs: 20_000,
    });
    expect(dl.stderr).toMatch(new RegExp(`lookup proxy\\.invalid on ${stub!.replace(/\./g, "\\.")}:53: no such host`));
  }, 30_000);
});
