// GMD109 when every reference name comes back "no such name" (ENOTFOUND): the
// machine reaches a DNS server that knows no public names (air-gapped network,
// DNS filter), which is not the same as a machine without a network (lookups
// that time out or cannot be sent).
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { ctx, evidence, networkProbe, OFFLINE } from "./evidence/base.js";

const failed = (probes: ReturnType<typeof networkProbe>[], env: Record<string, string> = {}) =>
  diagnoseEvidence(evidence({ outcome: "failed", ctx: ctx(env), probes }));

describe("GMD109: no public name resolves vs. no network", () => {
  it("every name ENOTFOUND: DNS answers, knows no public names; fixes are the resolver check and the network's own proxy", () => {
    const top = failed([OFFLINE])[0]!;
    expect(top.code).toBe("GMD109");
    expect(top.title).toBe("No public name resolves here: DNS answers that proxy.golang.org, sum.golang.org, github.com do not exist");
    expect(top.why).toContain("the machine reaches a DNS server, but that server knows none of the public names");
    expect(top.evidence).toContain("github.com: ENOTFOUND (no such name)");
    expect(top.fixes.map((f) => f.summary).join("\n")).not.toMatch(/Connect the machine/);
    expect(top.fixes.flatMap((f) => f.commands)).toContain("getent hosts proxy.golang.org");
    expect(top.fixes.flatMap((f) => f.commands).some((c) => c.includes("GOPROXY") && c.includes("<PROXY_URL>"))).toBe(true);
  });

  it("look-alike: lookups that time out (EAI_AGAIN): the machine is offline, connect it", () => {
    const top = failed([
      networkProbe([
        { host: "proxy.golang.org", ok: false, code: "EAI_AGAIN", ms: 5000 },
        { host: "sum.golang.org", ok: false, code: "EAI_AGAIN", ms: 5000 },
        { host: "github.com", ok: false, code: "EAI_AGAIN", ms: 5000 },
      ]),
    ])[0]!;
    expect(top.code).toBe("GMD109");
    expect(top.title).toBe("The machine is offline");
    expect(top.fixes[0]!.summary).toMatch(/^Connect the machine/);
  });

  it("look-alike: one name answers another way (a timeout among the not-founds): offline wording, not the no-public-names one", () => {
    const top = failed([
      networkProbe([
        { host: "proxy.golang.org", ok: false, code: "ENOTFOUND", ms: 2 },
        { host: "sum.golang.org", ok: false, code: "ETIMEOUT", ms: 5000 },
        { host: "github.com", ok: false, code: "ENOTFOUND", ms: 2 },
      ]),
    ])[0]!;
    expect(top.code).toBe("GMD109");
    expect(top.title).not.toMatch(/No public name/);
  });
});
