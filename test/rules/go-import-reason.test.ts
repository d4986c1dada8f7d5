// GMD306's title says what stopped the go-import request (a name that does not
// resolve, a refused connection, a status), so a DNS failure does not read
// like a server missing its meta tag.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { ctx, evidence, goError, trace } from "./evidence/base.js";

const title = (message: string) =>
  diagnoseEvidence(evidence({ outcome: "failed", trace: trace({ errors: [goError(message, [], "example.com/gen/m050", "v1.0.50")] }) })).find((f) => f.code === "GMD306")?.title;

describe("go-import failures name their cause", () => {
  it("a host that does not resolve (a GONOPROXY module off the VPN)", () => {
    expect(
      title('go: example.com/gen/m050@v1.0.50: unrecognized import path "example.com/gen/m050": https fetch: Get "https://example.com/gen/m050?go-get=1": dial tcp: lookup example.com on 10.255.255.53:53: no such host'),
    ).toBe("The go-import meta tag for example.com/gen/m050 cannot be fetched: example.com does not resolve");
  });

  it("a refused connection", () => {
    expect(
      title('go: example.com/gen/m050@v1.0.50: unrecognized import path "example.com/gen/m050": https fetch: Get "https://example.com/gen/m050?go-get=1": dial tcp 127.0.0.1:443: connect: connection refused'),
    ).toBe("The go-import meta tag for example.com/gen/m050 cannot be fetched: example.com refuses connections");
  });

  it("a status", () => {
    expect(title('go: example.com/gen/m050@v1.0.50: unrecognized import path "example.com/gen/m050": reading https://example.com/gen/m050?go-get=1: 404 Not Found')).toBe(
      "The go-import meta tag for example.com/gen/m050 cannot be fetched (404)",
    );
  });
});

describe("a go-import host that does not resolve, for a module GOPRIVATE sends direct", () => {
  const line =
    'go: corp.example.com/private/lib@v1.0.0: unrecognized import path "corp.example.com/private/lib": https fetch: Get "https://corp.example.com/private/lib?go-get=1": dial tcp: lookup corp.example.com on 10.255.255.53:53: no such host';
  const fixes = (goprivate: string) =>
    diagnoseEvidence(
      evidence({ outcome: "failed", ctx: ctx({ GOPRIVATE: goprivate, GONOPROXY: goprivate }, {}, ["corp.example.com/private/lib@v1.0.0"]), trace: trace({ errors: [goError(line, [], "corp.example.com/private/lib", "v1.0.0")] }) }),
    ).find((f) => f.code === "GMD306")?.fixes ?? [];

  it("private on purpose (a trailing slash in the pattern still matches): no public-proxy fix, the name checked on the company network instead", () => {
    const commands = fixes("corp.example.com/,").flatMap((f) => f.commands);
    expect(commands.join("\n")).not.toMatch(/proxy\.golang\.org/);
    expect(commands).toContain("getent hosts corp.example.com");
  });

  it("look-alike: the same host not in GOPRIVATE keeps the public-proxy fix and gets no VPN advice", () => {
    const commands = fixes("").flatMap((f) => f.commands);
    expect(commands).toContain("GOPROXY=https://proxy.golang.org,direct go mod download");
    expect(commands).not.toContain("getent hosts corp.example.com");
  });
});

describe("a go-import host that does not resolve gets no curl against it", () => {
  const find = (tail: string) =>
    diagnoseEvidence(
      evidence({
        outcome: "failed",
        trace: trace({ errors: [goError(`go: example.com/gen/m050@v1.0.50: unrecognized import path "example.com/gen/m050": https fetch: Get "https://example.com/gen/m050?go-get=1": ${tail}`, [], "example.com/gen/m050", "v1.0.50")] }),
      }),
    ).find((f) => f.code === "GMD306")!;
  const commands = (tail: string) => find(tail).fixes.flatMap((f) => f.commands);

  it("the name is what to check (a typo, a lapsed vanity domain), not the page", () => {
    const f = find("dial tcp: lookup example.com on 10.255.255.53:53: no such host");
    expect(f.fixes.flatMap((x) => x.commands).join("\n")).not.toMatch(/curl/);
    expect(f.fixes[0]!.summary).toMatch(/^example\.com does not resolve, so there is no page to ask: check the module path for a typo/);
    expect(f.fixes[0]!.commands).toEqual(["nslookup example.com"]);
  });

  it("a resolver that does not answer is asked directly", () => {
    expect(commands("dial tcp: lookup example.com on 192.168.0.1:53: read udp 192.168.0.5:40000->192.168.0.1:53: i/o timeout")).toContain("nslookup example.com 192.168.0.1");
  });

  it("look-alike: a refused connection still curls the page", () => {
    expect(commands("dial tcp 127.0.0.1:443: connect: connection refused")).toContain("curl -sS 'https://example.com/gen/m050?go-get=1' | grep -i go-import");
  });
});

describe("one mechanism drops the public-proxy fix for a module sent direct (withDirectFetchFixes)", () => {
  const line = 'unrecognized import path "corp.example.com/private/lib": reading https://corp.example.com/private/lib?go-get=1: 502 Bad Gateway';
  const fixes = (goprivate: string, module?: string) =>
    diagnoseEvidence(
      evidence({ outcome: "failed", ctx: ctx({ GOPRIVATE: goprivate, GONOPROXY: goprivate }, {}, ["corp.example.com/private/lib@v1.0.0"]), trace: trace({ errors: [goError(`go: ${line}`, [], module)] }) }),
    ).find((f) => f.code === "GMD306")!;

  it("an error that names no module: the import path stands for it, and GOPRIVATE's direct fetch replaces the public proxy", () => {
    const f = fixes("corp.example.com");
    expect(f.modules).toEqual(["corp.example.com/private/lib"]);
    const commands = f.fixes.flatMap((x) => x.commands);
    expect(commands.join("\n")).not.toMatch(/proxy\.golang\.org/);
    expect(f.fixes.at(-1)!.summary).toMatch(/^corp\.example\.com\/private\/lib matches GOPRIVATE \(corp\.example\.com\), so the go command fetches it straight from the repository/);
  });

  it("look-alike: not in GOPRIVATE, the public proxy serves it without asking the host", () => {
    expect(fixes("", "corp.example.com/private/lib").fixes.flatMap((x) => x.commands)).toContain("GOPROXY=https://proxy.golang.org,direct go mod download");
  });
});
