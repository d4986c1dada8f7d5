// DNS findings' commands follow the OS the go command ran on (Evidence.os), as GMD106's CA fix
// does: getent, /etc/resolv.conf and systemctl are Linux's; Windows gets PowerShell's
// Resolve-DnsName, Get-DnsClientServerAddress and ipconfig /flushdns, macOS dscacheutil,
// scutil --dns and mDNSResponder.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { findingsForShell } from "../../src/report/fix-shell.js";
import type { Finding } from "../../src/report/schema.js";
import { ctx, evidence, goError, trace } from "./evidence/base.js";

type Os = "windows" | "darwin" | undefined;
const judge = (message: string, os: Os, module = "example.com/a") =>
  diagnoseEvidence(evidence({ outcome: "analyzed", trace: trace({ errors: [goError(message, [], module, "v1.0.0")] }), ...(os ? { os } : {}) }));
const commands = (f: Finding) => f.fixes.flatMap((x) => x.commands);
const byName = (fs: Finding[], name: string) => fs.find((f) => f.name === name)!;

const NO_SUCH_HOST = 'go: example.com/a@v1.0.0: Get "https://goproxy.corp.test/example.com/a/@v/v1.0.0.mod": dial tcp: lookup goproxy.corp.test: no such host';
const SILENT = 'go: example.com/a@v1.0.0: Get "https://goproxy.corp.test/example.com/a/@v/v1.0.0.mod": dial tcp: lookup goproxy.corp.test on 192.168.1.1:53: read udp 192.168.1.20:5353->192.168.1.1:53: i/o timeout';
const LOOPBACK = 'go: example.com/a@v1.0.0: Get "https://goproxy.corp.test/example.com/a/@v/v1.0.0.mod": dial tcp: lookup goproxy.corp.test on [::1]:53: read udp [::1]:5353->[::1]:53: read: connection refused';

describe("the module proxy's name does not resolve (GMD101)", () => {
  it("Linux keeps getent", () => {
    const f = byName(judge(NO_SUCH_HOST, undefined), "proxy-dns");
    expect(commands(f)).toContain("getent hosts goproxy.corp.test");
    expect(f.fixes.every((x) => x.shell === undefined)).toBe(true);
  });

  it("Windows: Resolve-DnsName, written for PowerShell and kept by the PowerShell rewrite", () => {
    const f = byName(judge(NO_SUCH_HOST, "windows"), "proxy-dns");
    const fix = f.fixes.find((x) => x.commands.includes("Resolve-DnsName goproxy.corp.test"))!;
    expect(fix.shell).toBe("powershell");
    expect(commands(f).join("\n")).not.toMatch(/getent|resolv\.conf/);
    const [rewritten] = findingsForShell([f], "powershell");
    expect(rewritten!.fixes.flatMap((x) => x.commands)).toContain("Resolve-DnsName goproxy.corp.test");
    expect(rewritten!.fixes.map((x) => x.caution ?? "").join("\n")).not.toMatch(/POSIX/);
  });

  it("macOS: dscacheutil", () => {
    const f = byName(judge(NO_SUCH_HOST, "darwin"), "proxy-dns");
    expect(commands(f)).toContain("dscacheutil -q host -a name goproxy.corp.test");
    expect(commands(f).join("\n")).not.toMatch(/getent/);
  });
});

describe("a DNS server that does not answer", () => {
  it("Windows: the adapter's DNS servers, nslookup against the silent one, and a cache flush", () => {
    const f = byName(judge(SILENT, "windows"), "proxy-dns");
    expect(commands(f)).toEqual(expect.arrayContaining(["Get-DnsClientServerAddress -AddressFamily IPv4", "nslookup goproxy.corp.test 192.168.1.1", "ipconfig /flushdns"]));
    expect(f.why).toMatch(/from the network adapter's DNS settings/);
    expect(commands(f).join("\n")).not.toMatch(/resolv\.conf/);
    expect(f.why).not.toMatch(/docker|--dns/);
  });

  it("macOS: scutil --dns and mDNSResponder", () => {
    const f = byName(judge(SILENT, "darwin"), "proxy-dns");
    expect(f.why).toContain("from the network settings (scutil --dns)");
    expect(f.why).not.toMatch(/docker|given with --dns/);
    expect(commands(f)).toEqual(expect.arrayContaining(["scutil --dns | grep nameserver", "sudo dscacheutil -flushcache; sudo killall -HUP mDNSResponder"]));
  });

  it("Linux keeps /etc/resolv.conf", () => {
    const f = byName(judge(SILENT, undefined), "proxy-dns");
    expect(commands(f)).toContain("cat /etc/resolv.conf");
    expect(f.why).toMatch(/from \/etc\/resolv\.conf/);
    expect(f.why).toContain("--dns");
  });
});

describe("no DNS server on this machine (a loopback resolver refuses)", () => {
  it("macOS: scutil and mDNSResponder, not systemd-resolved", () => {
    const all = commands(judge(LOOPBACK, "darwin")[0]!).join("\n");
    expect(all).toContain("scutil --dns | grep nameserver");
    expect(all).toContain("sudo killall -HUP mDNSResponder");
    expect(all).not.toMatch(/systemctl|resolv\.conf|getent/);
  });

  it("Windows: the DNS Client service", () => {
    const all = commands(judge(LOOPBACK, "windows")[0]!).join("\n");
    expect(all).toContain("Get-Service Dnscache");
    expect(all).not.toMatch(/systemctl|getent/);
  });

  it("Linux keeps systemd-resolved", () => {
    expect(commands(judge(LOOPBACK, undefined)[0]!)).toContain("systemctl status systemd-resolved");
  });
});

describe("a private repository host that does not resolve (direct mode)", () => {
  const privateHost = (os: Os) =>
    diagnoseEvidence(
      evidence({
        outcome: "failed",
        ...(os ? { os } : {}),
        ctx: ctx({ GOPRIVATE: "git.corp.test", GONOPROXY: "git.corp.test", GONOSUMDB: "git.corp.test" }),
        trace: trace({
          errors: [goError('go: git.corp.test/team/lib@v1.0.0: unrecognized import path "git.corp.test/team/lib": https fetch: Get "https://git.corp.test/team/lib?go-get=1": dial tcp: lookup git.corp.test: no such host', [], "git.corp.test/team/lib", "v1.0.0")],
        }),
      }),
    )[0]!;

  it("Windows: the lookup, the adapter's DNS servers and a flush, in PowerShell", () => {
    const f = privateHost("windows");
    expect(f.code).toBe("GMD306");
    expect(f.fixes[0]!.commands).toEqual(["Resolve-DnsName git.corp.test", "Get-DnsClientServerAddress -AddressFamily IPv4", "ipconfig /flushdns"]);
    expect(f.fixes[0]!.shell).toBe("powershell");
  });

  it("Linux keeps getent and /etc/resolv.conf", () => {
    expect(privateHost(undefined).fixes[0]!.commands).toEqual(["getent hosts git.corp.test", "cat /etc/resolv.conf"]);
  });
});
