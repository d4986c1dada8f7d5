// GMD406 (a broken zip already in the module cache), GMD404's temp files in
// use by a live process, GMD310 (retracted version) and GMD603 (what was in
// flight at Ctrl-C), from evidence built by hand.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { evidence, goError, modcacheProbe, req, trace } from "./evidence/base.js";

const CACHE = "/home/dev/go/pkg/mod";
const ZIP = `${CACHE}/cache/download/example.com/!foo/@v/v1.0.0.zip`;
const UNZIP = `go: example.com/Foo@v1.0.0: unzip ${ZIP}: zip: not a valid zip file`;

describe("a broken zip already in the module cache (GMD406)", () => {
  it("`unzip CACHE/...zip` with no request for it this run: the cached copy, with its size, the exact rm, GMD112 folded", () => {
    const e = evidence({
      outcome: "failed",
      trace: trace({ errors: [goError(UNZIP, [], "example.com/Foo", "v1.0.0")], requests: [] }),
      probes: [modcacheProbe({ dir: CACHE, namedZips: [{ file: ZIP, exists: true, bytes: 100, ageMs: 3_600_000, ziphash: true }] })],
    });
    const [top, ...rest] = diagnoseEvidence(e);
    expect(top).toMatchObject({ code: "GMD406", severity: "blocker", modules: ["example.com/Foo"] });
    expect(top!.title).toBe("The cached zip of example.com/Foo@v1.0.0 in the module cache is broken (zip: not a valid zip file)");
    expect(top!.evidence).toContain(`${ZIP}: 100 B, written 60m00s ago, with its .ziphash (go trusts it without re-checking)`);
    // Quoted: `!` (case-encoding) would be history expansion in an interactive bash.
    expect(top!.fixes[0]!.commands).toEqual([`rm -f '${ZIP}' '${ZIP}hash'`, "go mod download -x example.com/Foo@v1.0.0"]);
    expect(top!.fixes[0]!.caution).toMatch(/-modcacherw/);
    expect(rest.map((f) => f.code)).not.toContain("GMD112");
  });

  it("not when this run fetched that zip (then the file is what the proxy sent)", () => {
    const e = evidence({
      outcome: "failed",
      trace: trace({ errors: [goError(UNZIP, [], "example.com/Foo", "v1.0.0")], requests: [req("http://127.0.0.1:9/example.com/!foo/@v/v1.0.0.zip", { status: 200 })] }),
    });
    expect(diagnoseEvidence(e).map((f) => f.code)).not.toContain("GMD406");
  });

  it("an upper-case module's zip fetched this run: go's -x prints the case-encoding's `!` as %21, and it is still that zip", () => {
    const V = "v1.4.1-0.20240526193622-a339e1f7089c";
    const mismatch = goError(`verifying github.com/BurntSushi/toml@${V}: checksum mismatch`, ["downloaded: h1:AAAA=", "go.sum:     h1:BBBB=", "SECURITY ERROR"], "github.com/BurntSushi/toml", V);
    const requests = [req(`http://127.0.0.1:9/github.com/%21burnt%21sushi/toml/@v/${V}.zip`, { status: 200 })];
    const codes = diagnoseEvidence(evidence({ outcome: "failed", trace: trace({ errors: [mismatch], requests }) })).map((f) => f.code);
    expect(codes[0]).toBe("GMD203");
    expect(codes).not.toContain("GMD406");
  });

  it("`-> unzip ...: path does not have prefix` (a flipped byte in a cached zip) is the same cause", () => {
    const line = `-> unzip ${ZIP}: example.com/Foo@v1.0.\uFFFD/go.mod: path does not have prefix "example.com/Foo@v1.0.0/"`;
    const f = diagnoseEvidence(evidence({ outcome: "failed", trace: trace({ errors: [goError(line)] }) }))[0]!;
    expect(f.code).toBe("GMD406");
    expect(f.modules).toEqual(["example.com/Foo"]);
  });

  it("a checksum mismatch computed from the cached zip (no request for it in a live run) names the cache; not for go.mod's own sum", () => {
    const mismatch = goError("verifying example.com/a@v1.0.0: checksum mismatch", ["downloaded: h1:AAAA=", "go.sum:     h1:BBBB=", "SECURITY ERROR"], "example.com/a", "v1.0.0");
    // A -x trace (go asked for b's files) with no request for a's zip: a's hash was computed from the cached zip.
    const requests = [req("http://127.0.0.1:9/example.com/b/@v/v1.2.0.zip", { status: 200 })];
    const live = diagnoseEvidence(evidence({ outcome: "failed", trace: trace({ errors: [mismatch], requests }) }));
    expect(live.map((f) => f.code)).toContain("GMD406");
    expect(live.find((f) => f.code === "GMD406")!.title).toMatch(/checksum mismatch against go\.sum/);
    const modSum = goError("verifying example.com/a@v1.0.0/go.mod: checksum mismatch", ["downloaded: h1:AAAA=", "go.sum:     h1:BBBB="], "example.com/a", "v1.0.0");
    expect(diagnoseEvidence(evidence({ outcome: "failed", trace: trace({ errors: [modSum], requests }) })).map((f) => f.code)).not.toContain("GMD406");
    // No request at all (no -x, or a log): whether it was downloaded cannot be told.
    expect(diagnoseEvidence(evidence({ outcome: "analyzed", trace: trace({ errors: [mismatch] }) })).map((f) => f.code)).not.toContain("GMD406");
    // The zip itself asked for this run: the mismatch is what was downloaded (GMD203's business).
    const fetched = [req("http://127.0.0.1:9/example.com/a/@v/v1.0.0.zip", { status: 200 })];
    expect(diagnoseEvidence(evidence({ outcome: "failed", trace: trace({ errors: [mismatch], requests: fetched }) })).map((f) => f.code)).not.toContain("GMD406");
  });
});

describe("partial downloads in use (GMD404)", () => {
  const tmp = `${CACHE}/cache/download/example.com/a/@v/v1.0.0.zip233411419.tmp`;
  it("a .tmp whose version lock a live go holds is not a leftover; the lock finding says it is being written", () => {
    const probe = modcacheProbe({
      dir: CACHE,
      orphans: [{ file: tmp, bytes: 100, ageMs: 60_000, heldBy: 5386 }],
      lockHolders: [{ file: `${CACHE}/cache/download/example.com/a/@v/v1.0.0.lock`, pid: 5386, command: "go mod download -x", waiters: [] }],
    });
    const lockWaits = [{ file: `${CACHE}/cache/download/example.com/a/@v/v1.0.0.lock`, sinceMs: 0 }];
    const findings = diagnoseEvidence(evidence({ outcome: "stalled", trace: trace({ lastProgressMs: 3000, lockWaits }), probes: [probe] }));
    expect(findings.map((f) => f.code)).not.toContain("GMD404");
    const lock = findings.find((f) => f.code === "GMD401");
    expect(lock?.evidence).toContain(`pid 5386 is writing ${tmp} (100 B so far): in use, not a leftover`);
  });

  it("the same file with no holder is a leftover", () => {
    const probe = modcacheProbe({ dir: CACHE, orphans: [{ file: tmp, bytes: 100, ageMs: 60_000 }] });
    const findings = diagnoseEvidence(evidence({ outcome: "failed", trace: trace({ lastProgressMs: 3000 }), probes: [probe] }));
    expect(findings.map((f) => f.code)).toContain("GMD404");
  });
});

describe("a retracted version (GMD310)", () => {
  it("a warning with the author's reason and go's command; never a blocker, even on a failed run", () => {
    const warnings = [
      {
        kind: "retracted" as const,
        module: "example.com/r",
        version: "v1.0.0",
        reason: "data loss bug, use v1.1.0",
        message: "go: warning: example.com/r@v1.0.0: retracted by module author: data loss bug, use v1.1.0",
        details: ["to switch to the latest unretracted version, run:", "go get example.com/r@latest"],
      },
    ];
    for (const outcome of ["ok", "failed"] as const) {
      const f = diagnoseEvidence(evidence({ outcome, trace: trace({ warnings }) })).find((x) => x.code === "GMD310")!;
      expect(f).toMatchObject({ severity: "warning", title: "example.com/r@v1.0.0 was retracted by its author: data loss bug, use v1.1.0" });
      expect(f.fixes[0]!.commands).toEqual(["go get example.com/r@latest"]);
    }
  });

  it("several modules: go's `<module>` placeholder is replaced by one command per module", () => {
    const w = (module: string) => ({ kind: "retracted" as const, module, version: "v1.0.0", message: `go: warning: ${module}@v1.0.0: retracted by module author`, details: [] as string[] });
    const warnings = [w("example.com/r"), { ...w("example.com/s"), details: ["go get <module>@latest"] }];
    const f = diagnoseEvidence(evidence({ outcome: "ok", trace: trace({ warnings }) })).find((x) => x.code === "GMD310")!;
    expect(f.fixes[0]!.commands).toEqual(["go get example.com/r@latest", "go get example.com/s@latest"]);
  });
});

describe("what was in flight at Ctrl-C (GMD603)", () => {
  const zip = "http://127.0.0.1:9/example.com/big/@v/v1.0.0.zip";
  const inflight = trace({
    endedMs: 25_000,
    requests: [req("http://127.0.0.1:9/example.com/big/@v/v1.0.0.mod", { status: 200 }), { ...req(zip, { status: 200 }), startedMs: 1_000, endedMs: 25_000, error: "go exited before this request ended" }],
    modules: [{ path: "example.com/big", version: "v1.0.0", state: "downloading", bytes: 65_536, idleMs: 20_000, outstanding: ["zip"] }],
  });

  it("the request silent longest, its bytes and its silence; info only", () => {
    const f = diagnoseEvidence(evidence({ outcome: "interrupted", trace: inflight })).find((x) => x.code === "GMD603")!;
    expect(f.severity).toBe("info");
    expect(f.title).toBe(`Interrupted while waiting on the body of ${zip} (headers: 200), 64 KiB received, nothing for 20s`);
    expect(f.fixes[0]!.commands).toEqual(["gomod-doctor diagnose --stall-timeout 20"]);
  });

  it("only for an interrupted run", () => {
    expect(diagnoseEvidence(evidence({ outcome: "failed", trace: inflight })).map((x) => x.code)).not.toContain("GMD603");
  });

  it("a git command still running, when no request was", () => {
    const t = trace({ endedMs: 12_000, vcs: [{ command: "git ls-remote -q origin", dir: "/c/vcs/1", repo: "https://git.corp.test/r", startedMs: 2_000 }] });
    const f = diagnoseEvidence(evidence({ outcome: "interrupted", trace: t })).find((x) => x.code === "GMD603")!;
    expect(f.title).toBe("Interrupted while waiting on `git ls-remote -q origin` for https://git.corp.test/r, nothing for 10s");
  });
});
