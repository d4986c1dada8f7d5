// A module GONOPROXY (by default GOPRIVATE) matches is fetched straight from
// its repository whatever GOPROXY says: a fix that changes GOPROXY (one-off,
// a mirror, a '|' list) cannot help it, for any finding (GMD104, GMD306, ...).
// What applies instead is named: the direct fetch and the pattern that sends it there.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import type { Finding } from "../../src/report/schema.js";
import type { GoEnv } from "../../src/context/types.js";
import { ctx, evidence, goError, req, trace } from "./evidence/base.js";

const commands = (f: Finding | undefined) => (f?.fixes ?? []).flatMap((x) => x.commands);
const setsGoproxy = (f: Finding | undefined) => commands(f).filter((c) => /(?:^|\s)GOPROXY=/.test(c));

const VANITY = "gopkg.in/evanphx/json-patch.v4";
const vanity502 = goError(`go: ${VANITY}@v4.13.0: unrecognized import path "${VANITY}": reading https://${VANITY}?go-get=1: 502 Proxy Error`, [], VANITY, "v4.13.0");

function goImport(env: Partial<GoEnv>): Finding | undefined {
  const fs = diagnoseEvidence(evidence({ outcome: "failed", ctx: ctx({ GOPROXY: "direct", ...env }, {}, [`${VANITY}@v4.13.0`]), trace: trace({ errors: [vanity502] }) }));
  return fs.find((f) => f.code === "GMD306");
}

describe("GMD306: a public host's go-import page fails", () => {
  it("for a module GOPRIVATE matches: no GOPROXY change; the direct fetch and the pattern are named", () => {
    const f = goImport({ GOPRIVATE: "gopkg.in/evanphx" });
    expect(f?.modules).toEqual([VANITY]);
    expect(setsGoproxy(f)).toEqual([]);
    const direct = f!.fixes.at(-1)!;
    expect(direct.summary).toBe(
      `${VANITY} matches GOPRIVATE (gopkg.in/evanphx), so the go command fetches it straight from the repository whatever GOPROXY says ` +
        "(a GOPROXY change does not help): see where the direct fetch fails (the go-get page, then git)",
    );
    expect(direct.commands).toEqual(["go env GOPRIVATE GONOPROXY", `go mod download -x ${VANITY}`]);
    expect(direct.caution).toMatch(/^If gopkg\.in\/evanphx\/json-patch\.v4 is public, take it out of GOPRIVATE/);
  });

  it("GONOPROXY set apart from GOPRIVATE is the one named", () => {
    const f = goImport({ GOPRIVATE: "corp.example.com", GONOPROXY: "gopkg.in" });
    expect(setsGoproxy(f)).toEqual([]);
    expect(f!.fixes.at(-1)!.summary).toContain("matches GONOPROXY (gopkg.in)");
    expect(f!.fixes.at(-1)!.commands[0]).toBe("go env GONOPROXY");
  });

  it("look-alike: a module no pattern matches keeps the proxy fix", () => {
    const f = goImport({ GOPRIVATE: "corp.example.com" });
    expect(setsGoproxy(f)).toEqual(["GOPROXY=https://proxy.golang.org,direct go mod download"]);
    expect(f!.fixes.map((x) => x.summary).join("\n")).not.toContain("straight from the repository");
  });
});

describe("GMD104: the proxy's 5xx for modules it never serves here", () => {
  const P = "https://goproxy.corp.example.com";
  const A = "corp.example.com/team/a";
  const B = "github.com/pub/b";
  // A saved CI log (analyze) where the proxy failed; this machine's settings send A direct.
  function fiveHundred(modules: string[], env: Partial<GoEnv>): Finding | undefined {
    const urls = modules.map((m) => `${P}/${m}/@v/v1.0.0.zip`);
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: `${P},direct`, ...env }, {}, modules.map((m) => `${m}@v1.0.0`)),
        trace: trace({
          requests: urls.map((u) => req(u, { status: 500 })),
          errors: modules.map((m, i) => goError(`go: ${m}@v1.0.0: reading ${urls[i]}: 500 Internal Server Error`, [], m, "v1.0.0")),
        }),
      }),
    );
    return fs.find((f) => f.code === "GMD104");
  }

  it("all of them GOPRIVATE: the '|' list and other GOPROXY changes give way to the direct fetch", () => {
    const withProxy = fiveHundred([A], {});
    expect(setsGoproxy(withProxy).length).toBeGreaterThan(0);
    const f = fiveHundred([A], { GOPRIVATE: "corp.example.com" });
    expect(setsGoproxy(f)).toEqual([]);
    expect(commands(f)).toContain(`go mod download -x ${A}`);
    expect(f!.fixes.at(-1)!.summary).toContain(`${A} matches GOPRIVATE (corp.example.com)`);
  });

  it("some of them GOPRIVATE: the GOPROXY change stays for the others, the direct fix is added for those", () => {
    const f = fiveHundred([A, B], { GOPRIVATE: "corp.example.com" });
    expect(setsGoproxy(f).length).toBeGreaterThan(0);
    expect(f!.fixes.at(-1)!.summary).toMatch(new RegExp(`^${A} matches GOPRIVATE`));
    expect(f!.fixes.at(-1)!.summary).not.toContain(B);
  });
});
