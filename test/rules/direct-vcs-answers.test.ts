// GMD320 (a VCS tool not installed), GMD319 (a repository URL answering a web
// page) and GMD306's two-tags case, from go's and git's own words.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { ctx, evidence, goError, trace, vcsFacts, vcsProbe } from "./evidence/base.js";

const run = (lines: [string, string[], string?][], env: Parameters<typeof ctx>[0] = {}, probes = [] as ReturnType<typeof vcsProbe>[]) =>
  diagnoseEvidence(
    evidence({
      outcome: "failed",
      ctx: ctx(env),
      trace: trace({ errors: lines.map(([m, d, mod]) => goError(m, d, mod, "v1.2.3")) }),
      probes,
    }),
  );

describe("GMD320: the tool go runs for a direct fetch is not installed", () => {
  it("git missing in a slim image, GOPROXY=direct, a public module: install git, or fetch through the proxy", () => {
    const f = run(
      [['go: github.com/acme/lib@v1.2.3: git init --bare in /go/pkg/mod/cache/vcs/0a1b: exec: "git": executable file not found in $PATH', [], "github.com/acme/lib"]],
      { GOPROXY: "direct" },
    )[0]!;
    expect(f.name).toBe("vcs-tool-missing");
    expect(f.title).toBe("git is not installed: the go command needs it to fetch github.com/acme/lib");
    expect(f.fixes.map((x) => x.commands)).toEqual([
      ["apt-get install -y git", "apk add git", "brew install git", "git --version"],
      ["go env GOPROXY", "GOPROXY=https://proxy.golang.org,direct go mod download"],
    ]);
  });

  it("go's `missing Mercurial command` line (a .hg path's ping) names hg too", () => {
    const f = run([["go: missing Mercurial command. See https://golang.org/s/gogetcmd", []]], { GOPROXY: "direct" })[0]!;
    expect(f.name).toBe("vcs-tool-missing");
    expect(f.fixes[0]!.commands).toContain("apt-get install -y mercurial");
  });

  it("a public module under GOPRIVATE: the proxy route is taking it out of GOPRIVATE, not a GOPROXY change", () => {
    const f = run(
      [['go: bitbucket.org/acme/lib@v1.2.3: svn list -- https://bitbucket.org/acme/lib/tags in /go/pkg/mod/cache/vcs/0a1b: exec: "svn": executable file not found in $PATH', [], "bitbucket.org/acme/lib"]],
      { GOPROXY: "https://proxy.golang.org,direct", GOPRIVATE: "bitbucket.org/acme", GONOPROXY: "bitbucket.org/acme" },
    )[0]!;
    expect(f.name).toBe("vcs-tool-missing");
    expect(f.why).toContain("its Subversion (svn) repository https://bitbucket.org/acme/lib/tags");
    expect(f.fixes[1]!.summary).toMatch(/^Or, if bitbucket\.org\/acme\/lib is public, take it out of GOPRIVATE\/GONOPROXY/);
    expect(f.fixes.flatMap((x) => x.commands).join("\n")).not.toContain("GOPROXY=");
  });

  it("look-alike: git present but failing (exit status 128) is not this finding", () => {
    const names = run([["go: github.com/acme/lib@v1.2.3: git ls-remote -q origin in /go/pkg/mod/cache/vcs/0a1b: exit status 128:", ["\tfatal: could not read Username for 'https://github.com': terminal prompts disabled"], "github.com/acme/lib"]]).map((f) => f.name);
    expect(names).not.toContain("vcs-tool-missing");
  });
});

describe("GMD319: the repository URL answers a web page", () => {
  const head = "go: git.acme.example/lib@v1.2.3: git ls-remote -q origin in /go/pkg/mod/cache/vcs/0a1b: exit status 128:";
  it("a redirect to another repository path that is not a login: says git was sent away, no sign-in claim", () => {
    const f = run([[head, ["\tfatal: unable to update url base from redirection:", "\t  asked for: https://git.acme.example/lib.git/info/refs?service=git-upload-pack", "\t   redirect: https://www.acme.example/"], "git.acme.example/lib"]])[0]!;
    expect(f.name).toBe("repo-not-git");
    expect(f.title).toBe("git.acme.example redirects git away from the repository https://git.acme.example/lib.git (to https://www.acme.example/)");
    expect(f.fixes.flatMap((x) => x.commands)).toContain(`git config --global url."https://oauth2:<TOKEN>@git.acme.example/".insteadOf "https://git.acme.example/"`);
  });

  it("an SSO redirect (/oauth2/authorize?redirect_uri=...): a sign-in page", () => {
    const f = run([[head, ["\tfatal: unable to update url base from redirection:", "\t  asked for: https://git.acme.example/lib.git/info/refs?service=git-upload-pack", "\t   redirect: https://sso.acme.example/oauth2/authorize?redirect_uri=x"], "git.acme.example/lib"]])[0]!;
    expect(f.title).toBe("git.acme.example sends git to a sign-in page (https://sso.acme.example/oauth2/authorize) instead of the repository https://git.acme.example/lib.git");
  });

  it("look-alike: `repository not found` is not a web page", () => {
    const names = run([[head, ["\tremote: Repository not found.", "\tfatal: repository 'https://git.acme.example/lib.git/' not found"], "git.acme.example/lib"]]).map((f) => f.name);
    expect(names).not.toContain("repo-not-git");
  });
});

describe("GMD306: two go-import tags match", () => {
  it("names the case, quotes the tags the probe read, and curls the https page go asked", () => {
    const probe = vcsProbe(
      vcsFacts("go.acme.example", {
        modules: ["go.acme.example/lib"],
        goImport: { ok: true, ms: 3, url: "https://go.acme.example/lib?go-get=1", status: 200, meta: { prefix: "go.acme.example/lib", vcs: "git", repo: "https://a/lib.git" }, metaTags: ["go.acme.example/lib git https://a/lib.git", "go.acme.example git https://a/all.git"] },
      }),
    );
    const f = run(
      [['go: go.acme.example/lib@v1.2.3: unrecognized import path "go.acme.example/lib": parse //go.acme.example/lib?go-get=1: multiple meta tags match import path "go.acme.example/lib"', [], "go.acme.example/lib"]],
      {},
      [probe],
    ).find((x) => x.code === "GMD306")!;
    expect(f.title).toBe("go.acme.example serves more than one go-import meta tag for go.acme.example/lib, and the go command will not choose");
    expect(f.why).toContain("(`go.acme.example/lib git https://a/lib.git`, `go.acme.example git https://a/all.git`)");
    expect(f.fixes[0]!.commands).toEqual(["curl -sS 'https://go.acme.example/lib?go-get=1' | grep -i go-import"]);
  });
});
