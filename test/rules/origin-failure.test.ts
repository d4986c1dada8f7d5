// A public proxy or checksum database answering 404 because its own fetch of
// a public module's origin failed (golang/go#72121): the server's outage, not
// a missing module and not a private one. And a zip that is no zip with no
// request to blame (goproxy/goproxy.cn#246): a suspicion naming both sources.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { originFailureIn } from "../../src/rules/hosts.js";
import { ctx, evidence, goError, req, trace } from "./evidence/base.js";

const MOD = "github.com/caddyserver/certmagic";
const VER = "v0.22.0";

function response(fatal: string, module = MOD): string[] {
  return ["\tserver response:", `\tnot found: ${module}@${VER}: invalid version: git ls-remote -q origin in /tmp/gopath/pkg/mod/cache/vcs/b23b: exit status 128:`, `\t\tfatal: ${fatal}`];
}

function judge(url: string, fatal: string, module = MOD) {
  const line = `go: ${module}@${VER}: ${url.includes("/lookup/") ? "verifying module: " : ""}reading ${url}: 404 Not Found`;
  return diagnoseEvidence(
    evidence({
      outcome: "failed",
      ctx: ctx({ GOPROXY: "https://proxy.golang.org", GOSUMDB: "sum.golang.org" }, {}, [`${module}@${VER}`]),
      trace: trace({ requests: [req(url, { status: 404 })], errors: [goError(line, response(fatal, module), module, VER)] }),
    }),
  );
}

const lookup = (module = MOD) => `https://sum.golang.org/lookup/${module}@${VER}`;
const zip = (module = MOD) => `https://proxy.golang.org/${module}/@v/${VER}.zip`;

describe("originFailureIn", () => {
  it("reads the server's failed fetch of a public code host", () => {
    expect(originFailureIn(MOD, "fatal: unable to access 'https://github.com/x/': Failed to connect to github.com port 443: Connection refused")).toBe(
      "Failed to connect to github.com port 443: Connection refused",
    );
    expect(originFailureIn(MOD, "fatal: unable to access 'https://github.com/x/': Could not resolve host: github.com")).toBe("Could not resolve host: github.com");
    expect(originFailureIn("example.com/lib", "error: RPC failed; HTTP 502 curl 22 The requested URL returned error: 502")).toMatch(/returned error: 502|RPC failed/);
  });

  it("is not a host only a private network reaches, nor credentials, nor a missing tag", () => {
    expect(originFailureIn("git.corp.example/team/lib", "fatal: unable to access 'https://git.corp.example/team/lib/': Could not resolve host: git.corp.example")).toBeUndefined();
    expect(originFailureIn("gitlab.mycompany.com/team/lib", "Failed to connect to gitlab.mycompany.com port 443: Connection timed out")).toBeUndefined();
    expect(originFailureIn(MOD, "fatal: could not read Username for 'https://github.com': terminal prompts disabled")).toBeUndefined();
    expect(originFailureIn(MOD, "not found: github.com/x/y@v9.9.9: invalid version: unknown revision v9.9.9")).toBeUndefined();
    expect(originFailureIn(MOD, "")).toBeUndefined();
  });
});

describe("the checksum database could not fetch a public module (GMD205)", () => {
  it("ranks first with the quoted failure; not module-not-found, not a private lookup", () => {
    const fs = judge(lookup(), "unable to access 'https://github.com/caddyserver/certmagic/': Failed to connect to github.com port 443: Connection refused");
    expect(fs[0]).toMatchObject({ code: "GMD205", name: "sumdb-origin-failed", severity: "blocker", modules: [MOD] });
    expect(fs[0]!.why).toContain("Failed to connect to github.com port 443: Connection refused");
    expect(fs[0]!.evidence[0]).toContain(lookup());
    expect(fs.map((f) => f.name)).not.toContain("module-not-found");
    expect(fs.map((f) => f.name)).not.toContain("sumdb-private-lookup");
    // Never the "fix" of turning verification off.
    expect(fs[0]!.fixes.flatMap((f) => f.commands).join("\n")).not.toMatch(/GONOSUMDB|GOSUMDB=off|GOPRIVATE/);
  });

  it("a public host the database could not resolve is its outage too", () => {
    const fs = judge(lookup(), "unable to access 'https://github.com/caddyserver/certmagic/': Could not resolve host: github.com");
    expect(fs[0]?.code).toBe("GMD205");
  });

  it("a private host it could not resolve stays a private module looked up in the public database", () => {
    const mod = "git.corp.example/team/lib";
    const fs = judge(lookup(mod), "unable to access 'https://git.corp.example/team/lib/': Could not resolve host: git.corp.example", mod);
    expect(fs[0]?.name).toBe("sumdb-private-lookup");
    expect(fs.map((f) => f.code)).not.toContain("GMD205");
  });

  it("credentials the database lacks stay a private module", () => {
    const fs = judge(lookup(), "could not read Username for 'https://github.com': terminal prompts disabled");
    expect(fs.map((f) => f.code)).not.toContain("GMD205");
  });
});

describe("the module proxy could not fetch a public module from its origin (GMD104)", () => {
  it("blames the proxy's fetch, not the module, and offers the origin for this run", () => {
    const fs = judge(zip(), "unable to access 'https://github.com/caddyserver/certmagic/': Failed to connect to github.com port 443: Connection refused");
    expect(fs[0]).toMatchObject({ code: "GMD104", modules: [MOD] });
    expect(fs[0]!.title).toBe(`The module proxy proxy.golang.org could not fetch ${MOD} from its origin`);
    expect(fs.map((f) => f.name)).not.toContain("module-not-found");
    expect(fs.map((f) => f.name)).not.toContain("proxy-refused");
    expect(fs[0]!.fixes.flatMap((f) => f.commands)).toContain(`GOPROXY=direct go mod download ${MOD}`);
  });

  it("a version that does not exist is still module-not-found", () => {
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: "https://proxy.golang.org" }, {}, [`${MOD}@v9.9.9`]),
        trace: trace({
          requests: [req(`https://proxy.golang.org/${MOD}/@v/v9.9.9.info`, { status: 404 })],
          errors: [goError(`go: ${MOD}@v9.9.9: reading https://proxy.golang.org/${MOD}/@v/v9.9.9.info: 404 Not Found`, ["\tserver response:", `\tnot found: ${MOD}@v9.9.9: invalid version: unknown revision v9.9.9`], MOD, "v9.9.9")],
        }),
      }),
    );
    expect(fs[0]?.name).toBe("module-not-found");
  });
});

describe("a zip that is no zip, with no request in the log", () => {
  const bad = goError("github.com/leodido/go-urn: zip: not a valid zip file", [], "github.com/leodido/go-urn");
  const judgeWith = (goproxy?: string) =>
    diagnoseEvidence(evidence({ outcome: goproxy ? "failed" : "analyzed", ...(goproxy ? { ctx: ctx({ GOPROXY: goproxy }, {}, ["github.com/leodido/go-urn@v1.4.0"]) } : {}), trace: trace({ errors: [bad] }) }));

  it("is a suspicion (60%) naming the proxy and the cached copy, with a narrow cache fix", () => {
    const f = judgeWith()[0]!;
    expect(f).toMatchObject({ code: "GMD112", confidence: 0.6, modules: ["github.com/leodido/go-urn"] });
    expect(f.title).toMatch(/proxy or its CDN .* or the cached copy/);
    const commands = f.fixes.flatMap((x) => x.commands).join("\n");
    expect(commands).toContain("/github.com/leodido/go-urn/@v/");
    expect(commands).not.toContain("go clean -modcache");
  });

  it("is not a proxy's when the module is fetched directly (GOPROXY=direct)", () => {
    expect(judgeWith("direct").map((f) => f.code)).not.toContain("GMD112");
    expect(judgeWith("https://goproxy.cn,direct")[0]?.code).toBe("GMD112");
  });
});
