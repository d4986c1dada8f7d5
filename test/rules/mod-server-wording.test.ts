// A module server a go-import `mod` tag names (direct mode) is no GOPROXY
// entry: the rules that word a proxy's 429, stale version index and refused
// origin transport name it as that server when it is the one answering, and
// keep "the module proxy" for a GOPROXY entry.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import type { Finding } from "../../src/report/schema.js";
import type { RequestState } from "../../src/report/schema.js";
import type { GoErrorState } from "../../src/stall/types.js";
import { ctx, evidence, goError, req, trace } from "./evidence/base.js";

const MODS = "http://mods.corp.test:41567";
const PROXY = "https://athens.corp.test";
const PAGE = "http://corp.test/lib?go-get=1";
const SERVER = `The module server ${MODS}/ named by corp.test/lib's go-import tag`;
const pages = [req(PAGE, { status: 200 })];
const codes = (fs: Finding[]) => fs.map((f) => f.code);
const commands = (f: Finding | undefined) => (f?.fixes ?? []).flatMap((x) => x.commands);

/** Direct mode (the module server) or through the proxy, as go1.23 prints the requests. */
function judge(base: string, requests: RequestState[], errors: GoErrorState[]): Finding[] {
  const direct = base === MODS;
  return diagnoseEvidence(
    evidence({
      outcome: "failed",
      ctx: ctx(direct ? { GOPROXY: `${PROXY},direct`, GOPRIVATE: "corp.test" } : { GOPROXY: `${PROXY},direct` }, {}, ["corp.test/lib@v1.2.3"]),
      trace: trace({ requests: [...(direct ? pages : []), ...requests], errors }),
    }),
  );
}

describe("429 Too Many Requests (GMD113)", () => {
  const limited = (base: string) =>
    judge(base, [req(`${base}/corp.test/lib/@v/v1.2.3.mod`, { status: 429 })], [goError(`go: corp.test/lib@v1.2.3: reading ${base}/corp.test/lib/@v/v1.2.3.mod: 429 Too Many Requests`, [], "corp.test/lib", "v1.2.3")]);

  it("from a module server: named as that server, no GOPROXY entry to fall through to, and not also a GMD314", () => {
    const fs = limited(MODS);
    const f = fs.find((x) => x.code === "GMD113");
    expect(f?.title).toBe(`${SERVER} rate-limits the requests (429 Too Many Requests)`);
    expect(f?.why).toContain("It is not a GOPROXY entry");
    expect(f?.why).not.toContain("next GOPROXY entry");
    expect(commands(f).filter((c) => c.includes("GOPROXY="))).toEqual([]);
    expect(codes(fs)).not.toContain("GMD314");
  });

  it("look-alike: from the GOPROXY entry it stays the module proxy, with its next entry", () => {
    const f = limited(PROXY).find((x) => x.code === "GMD113");
    expect(f?.title).toBe("The module proxy athens.corp.test rate-limits the requests (429 Too Many Requests)");
    expect(f?.why).toContain("does not try the next GOPROXY entry (direct)");
  });
});

describe("a stale version index (GMD104)", () => {
  const stale = (base: string) =>
    judge(
      base,
      [req(`${base}/corp.test/lib/@v/list`, { status: 200 }), req(`${base}/corp.test/lib/@v/v1.3.0.info`, { status: 404 })],
      [goError(`go: corp.test/lib@latest: corp.test/lib@v1.3.0: reading ${base}/corp.test/lib/@v/v1.3.0.info: 404 Not Found`, [], "corp.test/lib", "latest")],
    );

  it("from a module server: the server lists a version it does not have; not also a GMD314 404", () => {
    const fs = stale(MODS);
    const f = fs.find((x) => x.title.includes("stale version index"));
    expect(f?.title).toBe(`${SERVER} lists corp.test/lib@v1.3.0 but does not have it (404): a stale version index`);
    expect(f?.why).toContain("and the same server then answered 404");
    expect(f?.fixes[0]?.summary).toBe("List the versions the server offers and pin one it has");
    expect(codes(fs)).not.toContain("GMD314");
  });

  it("look-alike: from the GOPROXY entry it stays the module proxy", () => {
    const f = stale(PROXY).find((x) => x.title.includes("stale version index"));
    expect(f?.title).toBe("The module proxy athens.corp.test lists corp.test/lib@v1.3.0 but does not have it (404): a stale version index");
    expect(f?.why).toContain("and the same proxy then answered 404");
  });
});

describe("the server's own git refused the repository's transport", () => {
  const response = ["server response:", "not found: corp.test/lib@v1.2.3: invalid version: git ls-remote -q origin in /srv/cache/vcs/3422: exit status 128:", "\tfatal: transport 'ssh' not allowed"];
  const refused = (base: string) =>
    judge(base, [req(`${base}/corp.test/lib/@v/v1.2.3.info`, { status: 404 })], [goError(`go: corp.test/lib@v1.2.3: reading ${base}/corp.test/lib/@v/v1.2.3.info: 404 Not Found`, response, "corp.test/lib", "v1.2.3")]);

  it("at a module server: GMD314 says so (its setup, not the tag), not 'the module proxy' and not a missing version", () => {
    const fs = refused(MODS);
    expect(fs[0]?.code).toBe("GMD314");
    expect(fs[0]?.title).toBe(`${SERVER} answered 404 for v1.2.3`);
    expect(fs[0]?.why).toContain(`its own git refused the ssh protocol ("transport 'ssh' not allowed")`);
    expect(fs.map((f) => f.title).join("\n")).not.toContain("The module proxy");
  });

  it("look-alike: at the GOPROXY entry it stays the proxy's refused transport", () => {
    const fs = refused(PROXY);
    expect(fs[0]?.title).toBe("The module proxy athens.corp.test cannot fetch corp.test/lib: its go-import tag names an ssh:// repository");
  });

  it("a company's proxy is not called the public proxy: its own git's setup refuses ssh, and its operators can allow it", () => {
    const f = refused(PROXY)[0]!;
    expect(f.why).not.toContain("public proxy");
    expect(f.why).toContain("it is a proxy run by you or your company");
    expect(f.why).toContain("GIT_ALLOW_PROTOCOL or git's protocol.allow");
    expect(f.fixes.map((x) => x.summary)).toContain("Or, for athens.corp.test's operators: let its git use ssh for this host (and give it the access it needs), then retry");
  });

  it("the public proxy keeps its https-only wording and gets no operators' fix", () => {
    const f = refused("https://proxy.golang.org")[0]!;
    expect(f.why).toContain("the public proxy and checksum database fetch repositories over https only");
    expect(f.fixes.map((x) => x.summary).join("\n")).not.toContain("operators");
  });
});
