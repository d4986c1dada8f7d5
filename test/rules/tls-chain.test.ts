// GMD114: a server that sends its certificate without the intermediate that
// signed it (the probe saw the leaf alone, naming where its issuer lives) is
// the server's misconfiguration, told apart from TLS interception (GMD106).
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { findCause } from "../../src/rules/catalogue.js";
import type { TlsFacts } from "../../src/probes/types.js";
import { ctx, endpoint, evidence, goError, goproxyProbe, trace } from "./evidence/base.js";

const URL = "https://goproxy.corp.test";
const x509 = goError(
  `go: example.com/a@v1.0.0: Get "${URL}/example.com/a/@v/v1.0.0.mod": tls: failed to verify certificate: x509: certificate signed by unknown authority`,
  [],
  "example.com/a",
  "v1.0.0",
);
const tls = (over: Partial<TlsFacts>): TlsFacts => ({ ok: false, ms: 20, subject: "CN=goproxy.corp.test", trust: "untrusted", hostnameMatch: true, ...over });
const judge = (t: TlsFacts) =>
  diagnoseEvidence(
    evidence({ outcome: "failed", ctx: ctx({ GOPROXY: URL }), trace: trace({ errors: [x509] }), probes: [goproxyProbe(endpoint(URL, { tls: t, failedStep: "tls" }))] }),
  );

describe("GMD114 tls-incomplete-chain", () => {
  it("a leaf sent alone that names its issuer's address: the server's chain, with the operators' fix and a workaround", () => {
    const fs = judge(
      tls({ issuer: "CN=R11, O=Let's Encrypt, C=US", code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE", authorizationError: "UNABLE_TO_VERIFY_LEAF_SIGNATURE", missingIssuer: { caIssuersUrl: "http://r11.i.lencr.org/" } }),
    );
    expect(fs.map((f) => f.code)).not.toContain("GMD106");
    const f = fs[0]!;
    expect(f).toMatchObject({ code: "GMD114", severity: "blocker", title: "goproxy.corp.test sends its TLS certificate without the intermediate CN=R11, O=Let's Encrypt, C=US" });
    expect(f.evidence[0]).toBe("certificate issuer: CN=R11, O=Let's Encrypt, C=US (published at http://r11.i.lencr.org/), not sent by the server");
    expect(f.evidence.join("\n")).toContain("x509: certificate signed by unknown authority");
    expect(f.fixes[0]!.commands[0]).toBe("openssl s_client -connect goproxy.corp.test:443 -servername goproxy.corp.test -showcerts </dev/null 2>/dev/null | grep -E '^ *[0-9]+ s:|^ +i:'");
    expect(f.fixes[1]!.commands[0]).toBe("curl -sS http://r11.i.lencr.org/ -o /tmp/intermediate.crt");
    expect(f.modules).toEqual(["example.com/a"]);
  });

  it("look-alike: an interception CA in the chain (no issuer missing) stays tls-untrusted", () => {
    const fs = judge(tls({ issuer: "CN=Corp Proxy Root CA", code: "SELF_SIGNED_CERT_IN_CHAIN", authorizationError: "SELF_SIGNED_CERT_IN_CHAIN" }));
    expect(fs[0]!.code).toBe("GMD106");
    expect(fs.map((f) => f.code)).not.toContain("GMD114");
  });
});

describe("GOINSECURE and a module proxy's certificate (go: GOINSECURE applies only to direct fetches; modfetch/proxy.go verifies always)", () => {
  it("GMD106's explain and its CA fix say GOINSECURE never applies to GOPROXY, not that it would turn verification off there", () => {
    expect(findCause("GMD106")!.explain).toContain("it never applies to GOPROXY entries");
    const f = diagnoseEvidence(evidence({ outcome: "failed", ctx: ctx({ GOPROXY: URL }), trace: trace({ errors: [x509] }) })).find((x) => x.code === "GMD106")!;
    const cautions = f.fixes.map((x) => x.caution ?? "").join("\n");
    expect(cautions).toContain("it never applies to GOPROXY entries");
    expect(cautions).not.toMatch(/GOINSECURE\) for a proxy: it would accept any certificate/);
  });
});
