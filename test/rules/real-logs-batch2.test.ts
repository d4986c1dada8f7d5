// Rules over the second batch of real logs (fixtures/logs README): HTTP/2
// resets, git failing to resolve a code host, an offline build whose
// `unknown revision` lines are symptoms, an unusable resolver. Each with the
// look-alike it must not be taken for.
import { describe, expect, it } from "vitest";
import { codes, diagnose } from "./evidence/real-logs.js";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { classifyNetText } from "../../src/rules/net-text.js";
import { evidence, goError, req, trace } from "./evidence/base.js";

describe("classifying HTTP/2 and resolver texts", () => {
  it("a reset stream or a GOAWAY is a cut connection; a PROTOCOL_ERROR stream is a broken answer", () => {
    expect(classifyNetText("stream error: stream ID 5; INTERNAL_ERROR; received from peer")?.failure).toBe("reset");
    expect(classifyNetText("stream error: stream ID 1; NO_ERROR; received from peer")?.failure).toBe("reset");
    expect(classifyNetText('http2: server sent GOAWAY and closed the connection; LastStreamID=199, ErrCode=NO_ERROR, debug=""')?.failure).toBe("reset");
    expect(classifyNetText('Get "https://proxy.golang.org/x/@v/v1.0.0.zip": stream error: stream ID 7; PROTOCOL_ERROR')?.failure).toBe("protocol");
  });

  it("git's and ssh's resolver failures name the host", () => {
    expect(classifyNetText("fatal: unable to access 'https://github.com/a/b/': Could not resolve host: github.com")).toMatchObject({ failure: "dns", host: "github.com" });
    expect(classifyNetText("ssh: Could not resolve hostname git.corp.example: Name or service not known")).toMatchObject({ failure: "dns", host: "git.corp.example" });
    expect(classifyNetText("dial tcp: lookup proxy.golang.org on [fec0:0:0:ffff::2]:53: dial udp [fec0:0:0:ffff::2]:53: connect: invalid argument")).toMatchObject({
      failure: "dns",
      host: "proxy.golang.org",
    });
  });

  it("look-alikes are no network failure", () => {
    for (const text of ["stream error handling was improved", "could not resolve the merge conflict", "http2: enabled", "invalid argument: -x"]) expect(classifyNetText(text)).toBeUndefined();
  });
});

describe("an HTTP/2 stream reset that names no URL (goproxy/goproxy.cn#226)", () => {
  const zip = "https://goproxy.cn/github.com/%21shopify/sarama/@v/v1.29.1.zip";

  it("is the proxy's cut connection, named by the module's request in the trace", () => {
    const e = evidence({
      outcome: "analyzed",
      trace: trace({
        requests: [req(zip, { status: 200 })],
        errors: [goError("****.go:22:2: github.com/Shopify/sarama@v1.29.1: stream error: stream ID 5; INTERNAL_ERROR; received from peer", [], "github.com/Shopify/sarama", "v1.29.1")],
      }),
    });
    const fs = diagnoseEvidence(e);
    expect(fs[0]).toMatchObject({ code: "GMD111", title: "Connections to the module proxy goproxy.cn are cut mid-transfer: HTTP/2 streams reset (INTERNAL_ERROR)", modules: ["github.com/Shopify/sarama"] });
  });

  it("without any request to name it, the proxy is said to be unnamed, not guessed", () => {
    const e = evidence({ outcome: "analyzed", trace: trace({ errors: [goError("gopkg.in/a.v3@v3.5.0: stream error: stream ID 637; INTERNAL_ERROR", [], "gopkg.in/a.v3", "v3.5.0")] }) });
    const top = diagnoseEvidence(e)[0]!;
    expect(top.code).toBe("GMD111");
    expect(top.title).toContain("(not named in the log)");
    expect(top.fixes.flatMap((f) => f.commands).join("\n")).toContain("go env GOPROXY");
  });
});

describe("git cannot resolve a code host (OpenPeeDeeP/depguard#11)", () => {
  const fetch = (host: string) =>
    goError(
      `go: ${host}/a/b@v0.0.0-20180806142446-a69c782687b2: git fetch -f origin refs/heads/*:refs/heads/* refs/tags/*:refs/tags/* in /go/pkg/mod/cache/vcs/95001b: exit status 128:`,
      [`fatal: unable to access 'https://${host}/a/b/': Could not resolve host: ${host}`],
      `${host}/a/b`,
      "v0.0.0-20180806142446-a69c782687b2",
    );

  it("github.com not resolving is this machine's DNS: offline, and not a module proxy's name", () => {
    const fs = diagnose([fetch("github.com")]);
    expect(fs[0]).toMatchObject({ code: "GMD109", title: "The machine looks offline: even github.com does not resolve" });
    expect(codes(fs)).not.toContain("GMD101");
  });

  it("a private code host not resolving is not taken for an offline machine", () => {
    const fs = diagnose([fetch("git.corp.example")]);
    expect(codes(fs)).not.toContain("GMD109");
    expect(codes(fs)).not.toContain("GMD101");
  });
});

describe("an offline build's `unknown revision` lines (go-gitea/gitea#7997, OBS)", () => {
  const offlineErrors = [
    goError("go: github.com/edsrzf/mmap-go@v0.0.0-20170320065105-0bce6a688712: git fetch -f https://github.com/edsrzf/mmap-go refs/heads/*:refs/heads/* in /x: exit status 128:", [
      "fatal: unable to access 'https://github.com/edsrzf/mmap-go/': Could not resolve host: github.com",
    ]),
    goError(
      'go: mvdan.cc/xurls/v2@v2.0.0: unrecognized import path "mvdan.cc/xurls/v2" (https fetch: Get https://mvdan.cc/xurls/v2?go-get=1: dial tcp: lookup mvdan.cc on [::1]:53: read udp [::1]:41410->[::1]:53: read: connection refused)',
      [],
      "mvdan.cc/xurls/v2",
      "v2.0.0",
    ),
    goError("go: github.com/oliamb/cutter@v0.2.2: unknown revision v0.2.2", [], "github.com/oliamb/cutter", "v0.2.2"),
  ];

  it("are symptoms of the missing network: offline first, module-not-found folded into it", () => {
    const fs = diagnose(offlineErrors);
    expect(fs[0]!.code).toBe("GMD109");
    expect(codes(fs)).not.toContain("GMD307");
    expect(fs[0]!.explains).toContain("GMD307");
  });

  it("with the network working (a proxy answered), an unknown revision is still module-not-found", () => {
    const e = evidence({
      outcome: "analyzed",
      trace: trace({
        requests: [req("https://proxy.golang.org/github.com/oliamb/cutter/@v/v0.2.2.info", { status: 404 })],
        errors: [offlineErrors[2]!],
      }),
    });
    expect(codes(diagnoseEvidence(e))[0]).toBe("GMD307");
  });
});
