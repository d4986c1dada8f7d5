// A lookup refused by a resolver on this machine (GMD109 network-offline, and
// GMD202 for the checksum database): the why names where the DNS servers come
// from and the local resolver service of the OS go ran on, as the fixes do.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import type { Evidence } from "../../src/rules/types.js";
import type { Finding } from "../../src/report/schema.js";
import { evidence, goError, trace } from "./evidence/base.js";
import { findCause } from "../../src/rules/catalogue.js";

type Os = Evidence["os"];

function diagnose(error: ReturnType<typeof goError>, os: Os): Finding[] {
  return diagnoseEvidence({ ...evidence({ outcome: "analyzed", trace: trace({ errors: [error] }) }), ...(os ? { os } : {}) });
}

const proxyLookup = goError(
  `go: rsc.io/qr@latest: module rsc.io/qr: Get "https://proxy.golang.org/rsc.io/qr/@v/list": dial tcp: lookup proxy.golang.org on [::1]:53: read udp [::1]:57927->[::1]:53: read: connection refused`,
  [],
  "rsc.io/qr",
);
const sumdbLookup = goError(
  `github.com/gin-gonic/gin@v1.6.3/go.mod: verifying module: github.com/gin-gonic/gin@v1.6.3/go.mod: Get "https://sum.golang.org/lookup/github.com/gin-gonic/gin@v1.6.3": dial tcp: lookup sum.golang.org on [::1]:53: read udp [::1]:46780->[::1]:53: read: connection refused`,
  [],
  "github.com/gin-gonic/gin",
  "v1.6.3",
);

const LINUX_WORDS = /resolv\.conf|systemd-resolved/;

describe("GMD109 (no DNS server answers on this machine): the why follows the OS", () => {
  it("Linux (no os in the evidence): /etc/resolv.conf and systemd-resolved", () => {
    for (const os of [undefined] as Os[]) {
      const f = diagnose(proxyLookup, os).find((x) => x.code === "GMD109")!;
      expect(f.why).toContain("the DNS servers in /etc/resolv.conf");
      expect(f.why).toContain("systemd-resolved");
    }
  });

  it("Windows: the adapter's DNS settings and the DNS Client service; macOS: the network settings and mDNSResponder", () => {
    const win = diagnose(proxyLookup, "windows").find((x) => x.code === "GMD109")!;
    expect(win.why).not.toMatch(LINUX_WORDS);
    expect(win.why).toContain("the network adapter's DNS settings");
    expect(win.why).toContain("Dnscache");
    const mac = diagnose(proxyLookup, "darwin").find((x) => x.code === "GMD109")!;
    expect(mac.why).not.toMatch(LINUX_WORDS);
    expect(mac.why).toContain("scutil --dns");
    expect(mac.why).toContain("mDNSResponder");
  });
});

describe("GMD202 (the checksum database's name is refused by a resolver on this machine): the why follows the OS", () => {
  it("Linux names /etc/resolv.conf; Windows and macOS do not", () => {
    const linux = diagnose(sumdbLookup, undefined).find((x) => x.code === "GMD202")!;
    expect(linux.why).toContain("/etc/resolv.conf");
    for (const os of ["windows", "darwin"] as Os[]) {
      const f = diagnose(sumdbLookup, os).find((x) => x.code === "GMD202")!;
      expect(f.why, os).toContain("[::1]:53 (a resolver on this machine");
      expect(f.why, os).not.toMatch(LINUX_WORDS);
    }
  });
});

describe("GMD109's explain text (read without a report, so without the OS)", () => {
  it("names the local resolver service of each OS, not only systemd-resolved", () => {
    const text = findCause("GMD109")!.explain;
    expect(text).toContain("systemd-resolved");
    expect(text).toContain("Dnscache");
    expect(text).toContain("mDNSResponder");
  });
});
