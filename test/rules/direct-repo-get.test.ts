// In direct mode, after git fails on an https repository, the go command GETs
// the repository URL itself (codehost/git.go: a 404 there means the repository
// does not exist): `# get https://gitlab.corp.example/team/winio`. That request
// is the repository host's, not a module proxy's: a name that does not resolve
// is GMD309 for that host, never "the module proxy HOST does not resolve".
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runAnalyze } from "../../src/commands/analyze.js";
import { roleOfUrl } from "../../src/rules/observe.js";

const output = { mode: "json" as const, color: false, verbose: false, debug: false, interactive: false, githubActions: false };
const VCS = "/home/u/go/pkg/mod/cache/vcs/6d816430711fd34e85e6d1b19149940a1a1a99affe8b075e5ac3bbaa89b3b36f";
// go1.23.5, GOPRIVATE=gitlab.corp.example, on a network whose resolver does not know gitlab.corp.example (off the VPN).
const LOG = `# get http://127.0.0.1:45637/example.com/a/@v/v1.0.0.mod
mkdir -p /home/u/go/pkg/mod/cache/vcs # git3 https://gitlab.corp.example/team/winio
# lock ${VCS}.lock
mkdir -p ${VCS} # git3 https://gitlab.corp.example/team/winio
cd ${VCS}; git init --bare
# get http://127.0.0.1:45637/example.com/a/@v/v1.0.0.mod: 200 OK (0.008s)
0.021s # cd ${VCS}; git init --bare
cd ${VCS}; git remote add origin -- https://gitlab.corp.example/team/winio
0.003s # cd ${VCS}; git remote add origin -- https://gitlab.corp.example/team/winio
cd ${VCS}; git ls-remote -q origin
0.012s # cd ${VCS}; git ls-remote -q origin
# get https://gitlab.corp.example/team/winio
# get https://gitlab.corp.example/team/winio: Get "https://gitlab.corp.example/team/winio": dial tcp: lookup gitlab.corp.example on 10.255.255.53:53: no such host
go: gitlab.corp.example/team/winio@v0.6.2: reading gitlab.corp.example/team/winio/go.mod at revision v0.6.2: git ls-remote -q origin in ${VCS}: exit status 128:
	fatal: unable to access 'https://gitlab.corp.example/team/winio/': Could not resolve host: gitlab.corp.example
`;

let dir = "";
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("go's GET of a repository URL in direct mode", () => {
  it("is the repository host's request, not a proxy's; proxy, sumdb and go-get URLs keep their roles", () => {
    expect(roleOfUrl("https://github.com/Microsoft/go-winio")).toBe("vcs");
    expect(roleOfUrl("https://git.corp.test/team/repo")).toBe("vcs");
    expect(roleOfUrl("https://proxy.corp.test/artifactory/api/go/remote/example.com/a/@v/v1.0.0.mod")).toBe("proxy");
    expect(roleOfUrl("https://proxy.corp.test/example.com/a/@latest")).toBe("proxy");
    expect(roleOfUrl("https://proxy.corp.test/sumdb/sum.golang.org/supported")).toBe("proxy");
    expect(roleOfUrl("https://sum.golang.org/lookup/example.com/a@v1.0.0")).toBe("sumdb");
    expect(roleOfUrl("https://proxy.corp.test/")).toBe("proxy");
    expect(roleOfUrl("")).toBe("proxy");
  });

  it("a repository host that does not resolve is GMD309 for that host, with no module-proxy finding", async () => {
    dir = await mkdtemp(join(tmpdir(), "gomod-doctor-direct-get-"));
    const file = join(dir, "go.log");
    await writeFile(file, LOG);
    const report = await runAnalyze({ output, file, dir, probeTimeoutMs: 1000, mirrors: false, stallTimeoutMs: 30_000, probe: false });
    const top = report.findings[0];
    expect(top?.code, report.findings.map((f) => f.title).join("\n")).toBe("GMD309");
    expect(top?.title).toContain("gitlab.corp.example");
    expect(report.findings.some((f) => f.title.includes("module proxy gitlab.corp.example"))).toBe(false);
    expect(report.findings.some((f) => f.code === "GMD101")).toBe(false);
  });
});
