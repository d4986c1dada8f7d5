// Direct (VCS) fetches and the module cache, from the scen5 scenarios: git's
// own connection (git://) refused, a wrong ~/.netrc entry, a read-only or
// foreign module cache with GOMODCACHE in the environment, a subdirectory
// module without its prefixed tag, and a GOPRIVATE host with no https.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { classifyNetText } from "../../src/rules/net-text.js";
import type { Finding } from "../../src/report/schema.js";
import type { Evidence } from "../../src/rules/types.js";
import { ctx, evidence, goError, modcacheProbe, trace, vcsFacts, vcsProbe } from "./evidence/base.js";

const commands = (f: Finding) => f.fixes.flatMap((x) => x.commands).join("\n");
const VCS_DIR = "/home/dev/go/pkg/mod/cache/vcs/9f0c050d7ff9e91279c55c99afc642f1332c5824ab4e381cd34ee9165928b420";

function direct(errors: ReturnType<typeof goError>[], over: Partial<Evidence> = {}): Finding[] {
  return diagnoseEvidence(
    evidence({
      outcome: "failed",
      ctx: ctx({ GOPROXY: "direct", GOINSECURE: "git.corp.test", GONOSUMDB: "git.corp.test" }, {}, ["git.corp.test/r@v1.0.0"]),
      trace: trace({ errors }),
      ...over,
    }),
  );
}

describe("git's own connection (git://, connect.c) fails", () => {
  const gitProtocol = (lines: string[]) =>
    goError(`go: git.corp.test/r@v1.0.0: reading git.corp.test/r/go.mod at revision v1.0.0: git ls-remote -q origin in ${VCS_DIR}: exit status 128:`, lines, "git.corp.test/r", "v1.0.0");

  it("classifies git's wording: refused, timed out, no route, no name", () => {
    expect(classifyNetText("fatal: unable to connect to 127.0.0.1:\n127.0.0.1[0: 127.0.0.1]: errno=Connection refused")).toMatchObject({ failure: "refused", host: "127.0.0.1" });
    expect(classifyNetText("fatal: unable to connect to git.corp.test:\ngit.corp.test[0: 10.1.2.3]: errno=Connection timed out")).toMatchObject({ failure: "timeout", host: "git.corp.test" });
    expect(classifyNetText("fatal: unable to connect to git.corp.test:\ngit.corp.test[0: 10.1.2.3]: errno=No route to host")).toMatchObject({ failure: "unreachable", host: "git.corp.test" });
    expect(classifyNetText("fatal: unable to look up git.corp.test (port 9418) (Name or service not known)")).toMatchObject({ failure: "dns", host: "git.corp.test" });
  });

  it("a refused git:// rewrite is repo-unreachable, with the rewrite to look at", () => {
    const fs = direct([gitProtocol(["fatal: unable to connect to 127.0.0.1:", "127.0.0.1[0: 127.0.0.1]: errno=Connection refused"])]);
    expect(fs[0]).toMatchObject({ code: "GMD309", title: "The repository host 127.0.0.1 cannot be reached: connections are refused", modules: ["git.corp.test/r"] });
    expect(fs[0]!.evidence).toContain("127.0.0.1[0: 127.0.0.1]: errno=Connection refused");
    expect(fs[0]!.fixes.map((x) => x.summary).join("\n")).toContain("over the git:// protocol");
    expect(commands(fs[0]!)).toContain("git config --show-origin --get-regexp '^url\\.'");
    expect(fs.map((f) => f.code)).not.toContain("GMD902");
  });
});

describe("git refused the ~/.netrc entry for its host", () => {
  const prompt = goError(
    `go: git.corp.test/r@v1.0.0: reading git.corp.test/r/go.mod at revision v1.0.0: git ls-remote -q origin in ${VCS_DIR}: exit status 128:`,
    ["fatal: could not read Username for 'http://git.corp.test': terminal prompts disabled"],
    "git.corp.test/r",
    "v1.0.0",
  );
  const withNetrc = (netrc: { file?: string; hasHost: boolean; hasPassword: boolean }) =>
    direct([prompt], { probes: [vcsProbe(vcsFacts("git.corp.test", { modules: ["git.corp.test/r"], netrc }))] });

  it("an entry for the host exists: correct it in place (go and git read the first one), do not append", () => {
    const f = withNetrc({ file: "/home/dev/.netrc", hasHost: true, hasPassword: true })[0]!;
    expect(f).toMatchObject({ code: "GMD302", title: "git.corp.test refuses the credentials (git)" });
    expect(f.fixes[0]!.summary).toBe("Correct the existing `machine git.corp.test` entry in /home/dev/.netrc (its login or token is refused): edit it in place, do not add another");
    expect(f.fixes[0]!.commands).toContain("grep -n 'machine git.corp.test' /home/dev/.netrc");
    expect(f.fixes[0]!.caution).toContain("first entry for git.corp.test");
    expect(commands(f)).not.toContain(">> ");
  });

  it("git reached the host over http: the token rewrite is for http:// URLs (an https:// rule would never match)", () => {
    const f = withNetrc({ hasHost: false, hasPassword: false })[0]!;
    expect(commands(f)).toContain(`git config --global url."http://oauth2:<TOKEN>@git.corp.test/".insteadOf "http://git.corp.test/"`);
  });

  it("an entry without a password is edited too; no entry at all: add one", () => {
    expect(withNetrc({ hasHost: true, hasPassword: false })[0]!.fixes[0]!.summary).toContain("(it has no password)");
    const none = withNetrc({ file: "/home/dev/.netrc", hasHost: false, hasPassword: false })[0]!;
    expect(none.fixes[0]!.commands[0]).toBe("printf 'machine git.corp.test login <USER> password <TOKEN>\\n' >> ~/.netrc");
  });
});

describe("a module cache the go command cannot write, GOMODCACHE set in the environment", () => {
  const CACHE = "/srv/cache/go/pkg/mod";
  function unwritable(writeError: string, lines: string[], mount: { readOnlyMount?: boolean; readOnlyMountPoint?: string } = {}): Finding {
    const c = { ...ctx({ GOMODCACHE: CACHE }), settingSources: { GOMODCACHE: ["environment" as const] } };
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: c,
        trace: trace({ errors: lines.map((l) => goError(l)) }),
        probes: [modcacheProbe({ dir: CACHE, writable: false, writeError, ...mount })],
      }),
    );
    return fs.find((f) => f.code === "GMD402")!;
  }

  it("a read-only mount (EROFS): remount it read-write first, then a cache directory set where GOMODCACHE is set (export, not go env -w)", () => {
    const f = unwritable(`${CACHE}: EROFS`, [`go: example.com/a@v1.0.0: mkdir ${CACHE}/cache: read-only file system`], { readOnlyMount: true, readOnlyMountPoint: "/srv/cache" });
    expect(f.title).toBe(`The module cache ${CACHE} is not writable (read-only file system)`);
    expect(f.why).toContain("mounted read-only (at /srv/cache)");
    expect(f.fixes[0]).toMatchObject({ summary: "Mount /srv/cache read-write", commands: [`findmnt -T ${CACHE}`, "sudo mount -o remount,rw /srv/cache"] });
    expect(f.fixes[1]!.commands).toEqual(['export GOMODCACHE="$HOME/go/pkg/mod"']);
    expect(f.fixes[1]!.caution).toContain("`go env -w` cannot override it");
    expect(commands(f)).not.toContain("go env -w");
  });

  it("a cache owned by another user: chown first, and the same source-aware cache directory", () => {
    const f = unwritable(`${CACHE}/cache/download: EACCES`, [`go: writing stat cache: mkdir ${CACHE}/cache/download/example.com/b: permission denied`]);
    expect(f.fixes[0]!.commands[0]).toMatch(/^sudo chown -R/);
    expect(f.fixes[1]!.commands).toEqual(['export GOMODCACHE="$HOME/go/pkg/mod"']);
  });
});

describe("a module cache on a read-only root file system (a container's home is read-only too)", () => {
  const CACHE = "/home/app/go/pkg/mod";
  function readOnlyRoot(mc: { writableAlternative?: string; goEnvFileWritable?: boolean }): Finding {
    const c = ctx({ GOMODCACHE: CACHE, GOENV: "/home/app/.config/go/env" });
    c.process.HOME = "/home/app";
    const lines = [`go: example.com/a@v1.0.0: mkdir ${CACHE}/cache: read-only file system`];
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: c,
        trace: trace({ errors: lines.map((l) => goError(l)) }),
        probes: [modcacheProbe({ dir: CACHE, writable: false, writeError: `${CACHE}: EROFS`, readOnlyMount: true, readOnlyMountPoint: "/", ...mc })],
      }),
    );
    return fs.find((f) => f.code === "GMD402")!;
  }

  it("suggests the writable place the probe found, exported (go env -w cannot write its file under the read-only home)", () => {
    const f = readOnlyRoot({ writableAlternative: "/tmp/go-mod", goEnvFileWritable: false });
    expect(f.fixes[1]!.commands).toEqual(["export GOMODCACHE=/tmp/go-mod"]);
    expect(f.fixes[1]!.caution).toContain("cannot write its file (/home/app/.config/go/env)");
    expect(commands(f)).not.toContain("go env -w");
  });

  it("a place under the home is written with $HOME; with go env file writable, go env -w", () => {
    const f = readOnlyRoot({ writableAlternative: "/home/app/.cache/go-mod", goEnvFileWritable: true });
    expect(f.fixes[1]!.commands).toEqual(['go env -w GOMODCACHE="$HOME/.cache/go-mod"']);
  });

  it("nothing writable found: says so, and to mount a writable volume", () => {
    const f = readOnlyRoot({ goEnvFileWritable: false });
    expect(f.fixes[1]!.caution).toContain("set GOMODCACHE in the environment");
    expect(f.fixes[1]!.caution).toContain("mount a writable volume");
    const g = readOnlyRoot({});
    expect(g.fixes[1]!.caution).toContain("mount a writable volume");
  });
});

describe("a module in a subdirectory of its repository, fetched directly, without its prefixed tag", () => {
  const unknownSub = goError(
    "go: git.corp.test/r/sub@v1.0.0: reading git.corp.test/r/sub/go.mod at revision sub/v1.0.0: unknown revision sub/v1.0.0",
    [],
    "git.corp.test/r/sub",
    "v1.0.0",
  );
  const goImportProbe = vcsProbe(
    vcsFacts("git.corp.test", {
      modules: ["git.corp.test/r/sub"],
      goImport: { ok: true, ms: 5, url: "http://git.corp.test/r/sub?go-get=1", status: 200, meta: { prefix: "git.corp.test/r", vcs: "git", repo: "http://git.corp.test/r.git" } },
    }),
  );

  it("names the tag the module needs (sub/v1.0.0, not v1.0.0), and says git read the repository", () => {
    const f = direct([unknownSub], { probes: [goImportProbe] })[0]!;
    expect(f).toMatchObject({ code: "GMD307", title: "git.corp.test/r/sub@v1.0.0: its repository has no tag sub/v1.0.0", modules: ["git.corp.test/r/sub"] });
    expect(f.why).toMatch(/^git found no such module or version in the repository/);
    expect(f.why).toContain("lives in the subdirectory sub/ of its repository, so its version v1.0.0 is the tag sub/v1.0.0");
    expect(f.fixes[0]!.summary).toContain("Tag the module's commit sub/v1.0.0 in git.corp.test/r's repository");
    // The repository the go-import tag names, not a guess from the module path.
    expect(f.fixes[0]!.commands[0]).toBe("git ls-remote --tags http://git.corp.test/r.git 'sub/*' 'v1.0.0'");
    expect(commands(f)).toContain("go list -m -versions git.corp.test/r/sub");
  });

  it("look-alike: a proxy's not-found for a root module is still the server's answer, with no tag advice", () => {
    const proxied = goError(
      "go: example.com/r@v1.0.0: reading https://proxy.golang.org/example.com/r/@v/v1.0.0.mod: 404 Not Found",
      ["\tserver response: not found: example.com/r@v1.0.0: invalid version: unknown revision v1.0.0"],
      "example.com/r",
      "v1.0.0",
    );
    const f = diagnoseEvidence(evidence({ outcome: "failed", ctx: ctx({}, {}, ["example.com/r@v1.0.0"]), trace: trace({ errors: [proxied] }) })).find((x) => x.code === "GMD307")!;
    expect(f.why).toMatch(/^The server answered/);
    expect(f.fixes[0]!.summary).toMatch(/^List the versions/);
  });
});

describe("a GOPRIVATE host that serves http only, GOINSECURE not set", () => {
  const refused443 = goError(
    'go: git.corp.test/r@v1.0.0: unrecognized import path "git.corp.test/r": https fetch: Get "https://git.corp.test/r?go-get=1": dial tcp 127.0.0.1:443: connect: connection refused',
    [],
    "git.corp.test/r",
    "v1.0.0",
  );
  const goImportFinding = (c: ReturnType<typeof ctx>) =>
    diagnoseEvidence(evidence({ outcome: "failed", ctx: c, trace: trace({ errors: [refused443] }) })).find((f) => f.code === "GMD306")!;

  it("says :443 refuses and offers GOINSECURE (go env -w when nothing sets it)", () => {
    const c = { ...ctx({ GOPROXY: "http://127.0.0.1:3000", GOPRIVATE: "git.corp.test" }, {}, ["git.corp.test/r@v1.0.0"]), settingSources: { GOPROXY: ["environment" as const], GOPRIVATE: ["environment" as const] } };
    const f = goImportFinding(c);
    expect(f.why).toContain("Nothing accepts connections on git.corp.test:443 (https), and the go command uses plain http only for paths in GOINSECURE.");
    expect(f.fixes[0]!.commands).toEqual(["curl -sS 'https://git.corp.test/r?go-get=1' | grep -i go-import", "curl -sS 'http://git.corp.test/r?go-get=1' | grep -i go-import"]);
    expect(f.fixes[1]!.summary).toContain("let the go command use http for it (or serve https on git.corp.test)");
    expect(f.fixes[1]!.commands).toEqual(["go env -w GOINSECURE=git.corp.test"]);
  });

  it("GOINSECURE set for another host, in the environment: export the merged value", () => {
    const c = { ...ctx({ GOPRIVATE: "git.corp.test", GOINSECURE: "other.test" }, {}, ["git.corp.test/r@v1.0.0"]), settingSources: { GOINSECURE: ["environment" as const] } };
    const f = goImportFinding(c);
    expect(f.fixes[1]!.commands).toEqual(["export GOINSECURE=other.test,git.corp.test"]);
  });

  it("look-alike: the host already in GOINSECURE gets no GOINSECURE advice", () => {
    const f = goImportFinding(ctx({ GOPRIVATE: "git.corp.test", GOINSECURE: "git.corp.test" }, {}, ["git.corp.test/r@v1.0.0"]));
    expect(commands(f)).not.toContain("GOINSECURE");
  });
});

describe("the repository URL a fix asks git for is the one go used", () => {
  const lsRemote = (lines: string[]) =>
    goError(`go: git.corp.test/r@v1.0.0: reading git.corp.test/r/go.mod at revision v1.0.0: git ls-remote -q origin in ${VCS_DIR}: exit status 128:`, lines, "git.corp.test/r", "v1.0.0");
  const traced = (errors: ReturnType<typeof goError>[]) =>
    trace({ errors, vcs: [{ command: "git ls-remote -q origin", dir: VCS_DIR, repo: "http://git.corp.test/r.git", startedMs: 10, endedMs: 20 }] });

  it("repo-unreachable over a rewrite: the trace's `# git3 URL` of the folder go's error names", () => {
    const fs = direct([], { trace: traced([lsRemote(["ssh: connect to host 127.0.0.1 port 2299: Connection refused", "fatal: Could not read from remote repository."])]) });
    expect(fs[0]!.code).toBe("GMD309");
    expect(fs[0]!.fixes[0]!.commands[0]).toBe("git ls-remote http://git.corp.test/r.git");
  });

  it("repository not found on another host: the go-import tag's repository, not https://MODULE", () => {
    const gone = lsRemote(["remote: Not Found", "fatal: repository 'http://127.0.0.1:46611/team/r.git/' not found"]);
    const probe = vcsProbe(
      vcsFacts("git.corp.test", {
        modules: ["git.corp.test/r"],
        goImport: { ok: true, ms: 5, url: "http://git.corp.test/r?go-get=1", status: 200, meta: { prefix: "git.corp.test/r", vcs: "git", repo: "http://127.0.0.1:46611/team/r.git" } },
      }),
    );
    const f = direct([gone], { probes: [probe] })[0]!;
    expect(f).toMatchObject({ code: "GMD307", title: "git.corp.test/r: repository not found" });
    expect(commands(f)).toContain("git ls-remote http://127.0.0.1:46611/team/r.git");
    expect(commands(f)).not.toContain("git ls-remote https://git.corp.test/r");
  });
});

describe("git's request answered 403 before any 401 (git sent no credentials)", () => {
  const refused = (lines: string[], url = "https://git.corp.test/r") =>
    goError(`go: git.corp.test/r@v1.0.0: reading git.corp.test/r/go.mod at revision v1.0.0: git ls-remote -q origin in ${VCS_DIR}: exit status 128:`, lines.map((l) => l.replace("URL", url)), "git.corp.test/r", "v1.0.0");
  const forbidden = "fatal: unable to access 'URL/': The requested URL returned error: 403";

  it("says the server refused without asking, and fixes by sending credentials first or checking the token's access, not by ~/.netrc", () => {
    const f = direct([refused([forbidden])])[0]!;
    expect(f).toMatchObject({ code: "GMD302", title: "git.corp.test refuses git's request without asking for credentials (403, no 401 before it)" });
    expect(f.why).toMatch(/only after the server answers 401 and asks for them/);
    expect(f.why).toMatch(/token's scope or permissions/);
    expect(commands(f)).toContain("curl -sS -o /dev/null -w '%{http_code}\\n' -u '<USER>:<TOKEN>' 'https://git.corp.test/r/info/refs?service=git-upload-pack'");
    expect(commands(f)).toContain("git config --global http.https://git.corp.test/.proactiveAuth basic");
    expect(commands(f)).toContain("http.https://git.corp.test/.extraHeader");
    expect(commands(f)).not.toMatch(/\.netrc|insteadOf/);
  });

  it("over plain http the git config keys name http://", () => {
    const f = direct([refused([forbidden], "http://git.corp.test/r")])[0]!;
    expect(commands(f)).toContain("git config --global http.http://git.corp.test/.proactiveAuth basic");
  });

  it("look-alike: git was asked first (a 401, `could not read Username`): credentials are needed, ~/.netrc is the fix", () => {
    const f = direct([refused(["fatal: could not read Username for 'https://git.corp.test': terminal prompts disabled"])])[0]!;
    expect(f.title).toBe("git.corp.test needs credentials (git)");
    expect(commands(f)).toContain("printf 'machine git.corp.test login <USER> password <TOKEN>\\n' >> ~/.netrc");
  });

  it("look-alike: a 403 after git's `Authentication failed` is a refusal of the credentials it sent", () => {
    const f = direct([refused(["remote: HTTP Basic: Access denied", "fatal: Authentication failed for 'URL/'", forbidden])])[0]!;
    expect(f.title).toBe("git.corp.test refuses the credentials (git)");
  });
});
