// Watching a direct-mode download (issue 3): git.corp.test/r fetched with git
// over dumb HTTP from a server whose repository half never answers. The CLI
// runs inside a private mount namespace whose /etc/hosts points
// git.corp.test at 127.0.0.1 (fixtures/hosts.ts), so go, git and the probes
// all reach the fixture server on 127.0.0.1:80.
//
// Port 80 is shared with test/fixtures/gitserver.test.ts (another file, which
// vitest may run at the same time): every test that binds it is in this one
// file, and binding retries for up to 20 s while the other file holds it.
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { GIT_FIXTURE_FILES, GIT_FIXTURE_MODULE, makeBareRepo, startGitServer, type GitServer, type GitServerFault } from "../../fixtures/gitserver.js";
import { GIT_HOST } from "../../fixtures/hosts.js";
import { runDiagnose } from "./support/diagnose-run.js";
import { cleanupAll, defer, directGitSetup, GO_VERSIONS } from "./support/watch.js";

afterEach(cleanupAll);

const REPO_URL = `http://${GIT_HOST}/r.git`;
const BIND_RETRY_MS = 20_000;

/** The fixture git server on 127.0.0.1:80, waiting (bounded) while another test file holds the port. */
async function serveOn80(fault: GitServerFault, slow?: { repoBytes: number; bytesPerSecond: number }): Promise<GitServer> {
  // The slow repository: one pack of incompressible content, sent at a trickle.
  const repo = await makeBareRepo(slow ? { files: { ...GIT_FIXTURE_FILES, "blob.bin": randomBytes(slow.repoBytes).toString("latin1") }, packed: true } : {});
  defer(() => repo.cleanup());
  const server = await startGitServer({
    repos: [{ importPath: GIT_FIXTURE_MODULE, dir: repo.dir }],
    port: 80,
    busyWaitMs: BIND_RETRY_MS,
    fault,
    ...(slow ? { bytesPerSecond: slow.bytesPerSecond } : {}),
  });
  defer(() => server.close());
  return server;
}

describe.each(GO_VERSIONS)("go%s: direct mode, a git server that never answers", (go) => {
  it("stalled, exit 3; the top finding names the git command and the repository URL", async () => {
    const server = await serveOn80("stall-git");
    const { dir, env } = await directGitSetup(go);
    const { run, report } = await runDiagnose({ dir, env, hosts: [GIT_HOST], cwd: dir });
    expect(run.code, run.stderr).toBe(3);
    expect(report.outcome).toBe("stalled");
    // go got the meta tag through the hosts file, then git hung on the repository.
    expect(server.requests.some((r) => r.url === "/r?go-get=1")).toBe(true);
    expect(server.requests.some((r) => r.url.startsWith("/r.git/"))).toBe(true);

    const suspect = report.stall!.suspects[0]!;
    expect(suspect).toMatchObject({ kind: "vcs", repo: REPO_URL });
    expect(suspect.command).toMatch(/^git (?:ls-remote|-c protocol\.version=2 fetch|fetch)\b/);
    const top = report.findings[0]!;
    expect(top.severity).toBe("blocker");
    const text = [top.title, top.why, ...top.evidence].join("\n");
    expect(text, JSON.stringify(top, null, 1)).toContain(suspect.command!);
    expect(text, JSON.stringify(top, null, 1)).toContain(REPO_URL);
  }, 60_000);
});

describe.each(GO_VERSIONS)("go%s: direct mode, a slow git fetch that keeps moving", (go) => {
  it("is not a stall: git prints nothing, but its partial pack grows in the vcs cache; go finishes, exit 0", async () => {
    // ~5 s of transfer against a 2 s stall timeout: only the pack's growth shows progress.
    const server = await serveOn80("ok", { repoBytes: 500_000, bytesPerSecond: 100_000 });
    const { dir, env } = await directGitSetup(go);
    const { run, report } = await runDiagnose({ dir, env, hosts: [GIT_HOST], cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(report.outcome).toBe("ok");
    expect(report.stall).toBeUndefined();
    // The fetch really was slower than the stall timeout.
    const packRequest = server.requests.find((r) => /\/r\.git\/objects\/pack\/pack-[0-9a-f]+\.pack$/.test(r.url));
    expect(packRequest, JSON.stringify(server.requests)).toBeDefined();
    expect(run.ms).toBeGreaterThan(4000);
  }, 60_000);
});

describe.each(GO_VERSIONS)("go%s: direct mode, the repository host fails", (go) => {
  it("git's 500 from the repository: repo-unreachable names the host and the status, exit 1", async () => {
    await serveOn80("git-500");
    const { dir, env } = await directGitSetup(go);
    const { run, report } = await runDiagnose({ dir, env, hosts: [GIT_HOST], cwd: dir });
    expect(run.code, run.stderr).toBe(1);
    const top = report.findings[0]!;
    expect(top.name, JSON.stringify(top)).toBe("repo-unreachable");
    expect(top.title).toBe(`The repository host ${GIT_HOST} answers with a server error (500)`);
    expect(top.fixes[0]!.commands[0]).toMatch(new RegExp(`^git ls-remote http://${GIT_HOST}/r\\.git`));
  }, 60_000);

  it("a pack that stops half-way: the fetch stopped after its bytes, not an unexplained stall; exit 3, no orphans", async () => {
    await serveOn80("stall-pack", { repoBytes: 300_000, bytesPerSecond: 0 });
    const { dir, env } = await directGitSetup(go);
    const { run, report } = await runDiagnose({ dir, env, hosts: [GIT_HOST], cwd: dir });
    expect(run.code, run.stderr).toBe(3);
    const top = report.findings[0]!;
    expect(top.name, JSON.stringify(report.findings.map((f) => f.title))).toBe("repo-unreachable");
    expect(top.title).toMatch(new RegExp(`^git's fetch from ${REPO_URL.replace(/\./g, "\\.")} stopped after \\d+(?:\\.\\d+)? KiB$`));
  }, 60_000);
});
