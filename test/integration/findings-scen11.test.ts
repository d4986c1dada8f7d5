// Direct-mode scenarios, round 11: modules fetched straight from their
// repository (GOPRIVATE=git.corp.test), where the go-import page or the git
// server misbehaves. Each runs the real `gomod-doctor diagnose` (real go, real
// git) against fixtures/gitserver.ts on 127.0.0.1:80, with git.corp.test
// pointed at 127.0.0.1 for the run's process tree only (fixtures/hosts.ts).
//
// Port 80 is shared with watch-direct.test.ts and test/fixtures/gitserver.test.ts
// (vitest runs files in parallel): every bind here waits (bounded) for the port.
// The name that must not resolve (gone.corp.test) is asked of the resolver:
// run under scripts/loopback-dns.mjs (npm test does) so that stays on loopback.
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { refusedPort, startBlackhole } from "../../fixtures/endpoints.js";
import { GIT_FIXTURE_FILES, GIT_FIXTURE_MODULE, makeBareRepo, startGitServer, type GitServer, type GitServerFault, type GitServerOptions } from "../../fixtures/gitserver.js";
import { GIT_HOST, withTestHosts, writeHostsFile } from "../../fixtures/hosts.js";
import { goBin, parseDownloadJson, runCommand, type GoVersion } from "../../fixtures/run-go.js";
import type { Finding } from "../../src/report/schema.js";
import { runDiagnose, type DiagnoseRun } from "./support/diagnose-run.js";
import { cleanupAll, defer, directGitSetup, GO_VERSIONS } from "./support/watch.js";

afterEach(cleanupAll);

const MODULE = GIT_FIXTURE_MODULE; // git.corp.test/r v1.0.0, required by fixtures/projects/with-git
const REPO_URL = `http://${GIT_HOST}/r.git`;
/** A second name for the repository host a go-import tag may point at. */
const REPO_HOST = "repo.corp.test";
const HOSTS = [GIT_HOST, REPO_HOST];

/** The fixture git server on 127.0.0.1:80 serving git.corp.test/r. */
async function serveOn80(fault: GitServerFault, more: Partial<GitServerOptions> = {}, files?: Record<string, string>): Promise<GitServer> {
  const repo = await makeBareRepo(files ? { files, packed: true } : {});
  defer(() => repo.cleanup());
  const server = await startGitServer({ repos: [{ importPath: MODULE, dir: repo.dir }], port: 80, busyWaitMs: 60_000, fault, ...more });
  defer(() => server.close());
  return server;
}

/** `gomod-doctor diagnose --json` on a project requiring git.corp.test/r, fetched direct (GOPRIVATE, over http: GOINSECURE). */
async function diagnose(go: GoVersion, extra: Record<string, string> = {}): Promise<DiagnoseRun & { dir: string; env: Record<string, string> }> {
  const { dir, env } = await directGitSetup(go, extra);
  return { ...(await runDiagnose({ dir, env, hosts: HOSTS, cwd: dir })), dir, env };
}

/** Runs argv (go, git) with the test host names, as the diagnose run had them. */
async function hostsWrap(): Promise<(argv: string[]) => string[]> {
  const hosts = await writeHostsFile(HOSTS);
  defer(() => hosts.cleanup());
  return (argv) => withTestHosts(hosts.file, argv);
}

const commands = (f: Finding) => f.fixes.flatMap((x) => x.commands);

describe("the go-import tag names a repository on another host that cannot be reached", () => {
  it("refused: repo-unreachable names that host (not git.corp.test, whose page answered) and git's own words; the fix tries that URL", async () => {
    const port = await refusedPort();
    const repo = `http://${REPO_HOST}:${port}/r.git`;
    const server = await serveOn80("ok", { metaTags: (ip) => [`${ip} git ${repo}`] });
    const { code, top, text } = await diagnose("1.23");
    expect(code).toBe(1);
    expect(server.requests.some((r) => r.url === "/r?go-get=1")).toBe(true);
    expect(top.name, text).toBe("repo-unreachable");
    expect(top.title).toBe(`The repository host ${REPO_HOST} cannot be reached: connections are refused`);
    expect(top.evidence.join("\n")).toContain(`fatal: unable to access '${repo}/': Failed to connect to ${REPO_HOST} port ${port}`);
    expect(commands(top)).toContain(`git ls-remote ${repo}`);
  }, 90_000);

  it("never answers: exit 3, the stall is git's on that host; the probe's own ls-remote hung too", async () => {
    const hole = await startBlackhole();
    defer(() => hole.close());
    const repo = `http://${REPO_HOST}:${hole.port}/r.git`;
    await serveOn80("ok", { metaTags: (ip) => [`${ip} git ${repo}`] });
    const { code, report, top, text } = await diagnose("1.23");
    expect(code).toBe(3);
    expect(report.stall!.suspects[0]).toMatchObject({ kind: "vcs", repo });
    expect(top.name, text).toBe("repo-unreachable");
    expect(top.title).toBe(`The repository host ${REPO_HOST} does not answer git`);
    expect(top.evidence.join("\n")).toMatch(new RegExp(`^probe vcs:${GIT_HOST}: git ls-remote ${repo.replace(/[.]/g, "\\.")}: git ls-remote still running after \\d+ ms`, "m"));
    expect(commands(top)[0]).toBe(`GIT_TRACE_PACKET=1 GIT_CURL_VERBOSE=1 git ls-remote ${repo}`);
  }, 90_000);

  it("does not resolve: repo-unreachable says the name does not resolve, with getent to check it", async () => {
    await serveOn80("ok", { metaTags: (ip) => [`${ip} git http://gone.corp.test/r.git`] });
    const { code, top, text } = await diagnose("1.23");
    expect(code).toBe(1);
    expect(top.name, text).toBe("repo-unreachable");
    expect(top.title).toBe("The repository host gone.corp.test cannot be reached: its name does not resolve");
    expect(top.evidence.join("\n")).toContain("Could not resolve host: gone.corp.test");
    expect(commands(top)).toEqual(["git ls-remote http://gone.corp.test/r.git", "getent hosts gone.corp.test"]);
  }, 90_000);
});

describe("the git server refuses: 401, 403 and 404 are three diagnoses", () => {
  it("401 with WWW-Authenticate: credentials needed, none given (go forbids git's prompt); the fix is a token in ~/.netrc", async () => {
    await serveOn80("auth-required");
    const { code, top, text } = await diagnose("1.23");
    expect(code).toBe(1);
    expect(top.name, text).toBe("auth-failed");
    expect(top.title).toBe(`${GIT_HOST} needs credentials (git)`);
    expect(top.evidence).toContain(`fatal: could not read Username for 'http://${GIT_HOST}': terminal prompts disabled`);
    expect(commands(top)).toContain(`printf 'machine ${GIT_HOST} login <USER> password <TOKEN>\\n' >> ~/.netrc`);
  }, 90_000);

  it("403 with no 401 before it: the host refuses without asking (git sent no credentials), git's status quoted, no ~/.netrc fix", async () => {
    await serveOn80("auth-refused");
    const { code, top, text } = await diagnose("1.23");
    expect(code).toBe(1);
    expect(top.name, text).toBe("auth-failed");
    expect(top.title).toBe(`${GIT_HOST} refuses git's request without asking for credentials (403, no 401 before it)`);
    expect(top.evidence).toContain(`fatal: unable to access '${REPO_URL}/': The requested URL returned error: 403`);
    expect(commands(top)).toContain(`git config --global http.http://${GIT_HOST}/.proactiveAuth basic`);
    expect(commands(top).join("\n")).not.toContain(".netrc");
  }, 90_000);

  it("404: the repository is not there (module-not-found), not credentials; the fixes find who needs it and try the URL", async () => {
    await serveOn80("repo-404");
    const { code, report, top, text } = await diagnose("1.23");
    expect(code).toBe(1);
    expect(top.name, text).toBe("module-not-found");
    expect(top.title).toBe(`${MODULE}: repository not found`);
    expect(top.evidence.join("\n")).toContain(`fatal: repository '${REPO_URL}/' not found`);
    expect(commands(top)).toEqual([`go mod why -m ${MODULE}`, `go mod graph | grep '${MODULE}@'`, `git ls-remote ${REPO_URL}`]);
    expect(report.findings.map((f) => f.name)).not.toContain("auth-failed");
  }, 90_000);
});

describe.each(GO_VERSIONS)("go%s: the go-import tag names hg, and hg is not installed", (go) => {
  it("vcs-tool-missing: names hg, the tag that asked for it and the repository; the fix installs Mercurial", async () => {
    await serveOn80("ok", { metaTags: (ip) => [`${ip} hg http://${GIT_HOST}/r`] });
    const { code, report, top, text } = await diagnose(go);
    expect(code).toBe(1);
    expect(top.name, text).toBe("vcs-tool-missing");
    expect(top.severity).toBe("blocker");
    expect(top.title).toBe(`hg is not installed: the go command needs it to fetch ${MODULE}`);
    expect(top.why).toContain(`the go-import tag of ${MODULE} says \`${MODULE} hg http://${GIT_HOST}/r\``);
    expect(top.evidence[0]).toMatch(/exec: "hg": executable file not found in \$PATH$/);
    expect(commands(top)).toEqual(["apt-get install -y mercurial", "apk add mercurial", "brew install mercurial", "hg version"]);
    // A private host (git.corp.test): no "take it out of GOPRIVATE" or public-proxy advice.
    expect(top.fixes).toHaveLength(1);
    expect(report.findings.map((f) => f.name)).not.toContain("unexplained-failure");
  }, 90_000);
});

describe("go-import tags that do not name one repository", () => {
  it("a tag whose prefix is another path: go-import-failed names the prefix it gives", async () => {
    await serveOn80("ok", { metaTags: (_ip, repo) => [`${GIT_HOST}/other git ${repo}`] });
    const { code, top, text } = await diagnose("1.23");
    expect(code).toBe(1);
    expect(top.name, text).toBe("go-import-failed");
    expect(top.title).toBe(`${GIT_HOST}'s go-import meta tag names ${GIT_HOST}/other, which is not a prefix of ${MODULE}`);
    expect(top.evidence[0]).toContain(`meta tag ${GIT_HOST}/other did not match import path ${MODULE}`);
    expect(commands(top)).toEqual([`curl -sS 'http://${MODULE}?go-get=1' | grep -i go-import`]);
  }, 90_000);

  it("two tags for the same prefix: go will not choose; the finding says so, quotes both tags, and curls the page that answered (http, not https)", async () => {
    const mirror = `http://${GIT_HOST}/mirror/r.git`;
    await serveOn80("ok", { metaTags: (ip, repo) => [`${ip} git ${repo}`, `${ip} git ${mirror}`] });
    const { code, top, text } = await diagnose("1.23");
    expect(code).toBe(1);
    expect(top.name, text).toBe("go-import-failed");
    expect(top.title).toBe(`${GIT_HOST} serves more than one go-import meta tag for ${MODULE}, and the go command will not choose`);
    expect(top.why).toContain(`(\`${MODULE} git ${REPO_URL}\`, \`${MODULE} git ${mirror}\`)`);
    expect(top.evidence[0]).toContain(`multiple meta tags match import path "${MODULE}"`);
    expect(commands(top)).toEqual([`curl -sS 'http://${MODULE}?go-get=1' | grep -i go-import`]);
  }, 90_000);
});

describe.each(GO_VERSIONS)("go%s: the git server answers with a sign-in page", (go) => {
  it("a 302 to /login: repo-not-git names the sign-in page and the repository; fixes: see the redirect, a token, not a network fix", async () => {
    await serveOn80("login-page");
    const { code, report, top, text } = await diagnose(go);
    expect(code).toBe(1);
    expect(top.name, text).toBe("repo-not-git");
    expect(top.title).toBe(`${GIT_HOST} sends git to a sign-in page (http://${GIT_HOST}/login) instead of the repository ${REPO_URL}`);
    expect(top.evidence).toContain(`asked for: ${REPO_URL}/info/refs?service=git-upload-pack`);
    expect(commands(top)[0]).toBe(`curl -sS -o /dev/null -D - '${REPO_URL}/info/refs?service=git-upload-pack'`);
    expect(commands(top)).toContain(`printf 'machine ${GIT_HOST} login <USER> password <TOKEN>\\n' >> ~/.netrc`);
    expect(report.findings.map((f) => f.name)).not.toContain("unexplained-failure");
    expect(report.findings.map((f) => f.name)).not.toContain("repo-unreachable");
  }, 90_000);
});

describe("the git server answers info/refs with an HTML page (200, no redirect)", () => {
  it("repo-not-git: not a git repository, git's words quoted; the fixes include checking the go-import tag that named the URL", async () => {
    await serveOn80("login-page-200");
    const { code, top, text } = await diagnose("1.23");
    expect(code).toBe(1);
    expect(top.name, text).toBe("repo-not-git");
    expect(top.title).toBe(`${REPO_URL} does not answer as a git repository (a web page instead)`);
    expect(top.evidence).toContain(`fatal: ${REPO_URL}/info/refs not valid: is this a git repository?`);
    expect(commands(top)).toContain(`curl -sS 'http://${MODULE}?go-get=1' | grep -i go-import`);
  }, 90_000);
});

describe.each(GO_VERSIONS)("go%s: a private copy (git.corp.test/r) whose go.mod keeps its upstream's path (github.com/acme/r)", (go) => {
  it("module-path-mismatch reads it as a copy: the first fix requires the declared path and replaces it with the copy, and go then downloads it", async () => {
    await serveOn80("ok", {}, { "go.mod": "module github.com/acme/r\n\ngo 1.19\n", "r.go": "package r\n" });
    const { code, top, text, dir, env } = await diagnose(go);
    expect(code).toBe(1);
    expect(top.name, text).toBe("module-path-mismatch");
    expect(top.title).toBe(`${MODULE}@v1.0.0 declares its path as github.com/acme/r`);
    expect(top.evidence[0]).toContain(`module declares its path as: github.com/acme/r but was required as: ${MODULE}`);
    const edit = `go mod edit -droprequire=${MODULE} -require=github.com/acme/r@v1.0.0 -replace=github.com/acme/r=${MODULE}@v1.0.0`;
    expect(top.fixes[0]!.commands[0]).toBe(edit);
    // The fix works: after that edit, the real go downloads the copy under the declared path.
    const applied = await runCommand(["sh", "-c", edit], { cwd: dir, env, timeoutMs: 20_000 });
    expect(applied.code, applied.stderr).toBe(0);
    const wrap = await hostsWrap();
    const after = await runCommand(wrap([goBin(go), "mod", "download", "-json"]), { cwd: dir, env, timeoutMs: 40_000 });
    expect(after.code, after.stderr + after.stdout).toBe(0);
    // go mod download -json names the replacement it fetched.
    expect(parseDownloadJson(after.stdout).map((m) => [m.Path, m.Version, m.Error])).toEqual([[MODULE, "v1.0.0", undefined]]);
    const listed = await runCommand(wrap([goBin(go), "list", "-m", "github.com/acme/r"]), { cwd: dir, env, timeoutMs: 20_000 });
    expect(listed.stdout.trim(), listed.stderr).toBe(`github.com/acme/r v1.0.0 => ${MODULE} v1.0.0`);
  }, 90_000);
});

/** The fixture module plus one incompressible file: a pack of 4 objects, which git hands to unpack-objects (under 100 objects), not index-pack. */
const BIG_FILE_REPO = () => ({ ...GIT_FIXTURE_FILES, "blob.bin": randomBytes(500_000).toString("latin1") });

describe.each(GO_VERSIONS)("go%s: git over smart HTTP (git http-backend), a repository of a few large files", (go) => {
  it("a slow fetch that keeps moving is no stall: git writes no partial pack here, but the pack it reads grows; exit 0", async () => {
    // ~5 s at 100 KB/s against a 2 s stall timeout.
    const server = await serveOn80("ok", { smart: true, bytesPerSecond: 100_000 }, BIG_FILE_REPO());
    const started = Date.now();
    const { code, report, text } = await diagnose(go);
    expect(code, text).toBe(0);
    expect(report.outcome).toBe("ok");
    expect(report.stall).toBeUndefined();
    expect(server.requests.some((r) => r.method === "POST" && r.url === "/r.git/git-upload-pack")).toBe(true);
    expect(Date.now() - started).toBeGreaterThan(4000);
  }, 90_000);

  it("the pack stops half-way: exit 3; the stall names git's fetch, the repository and the bytes that came; fixes: retry, a traced clone, git's low-speed limit", async () => {
    await serveOn80("stall-pack", { smart: true }, BIG_FILE_REPO());
    const { code, report, top, text } = await diagnose(go);
    expect(code, text).toBe(3);
    const suspect = report.stall!.suspects[0]!;
    expect(suspect).toMatchObject({ kind: "vcs", repo: REPO_URL });
    expect(suspect.command).toMatch(/^git (?:-c protocol\.version=2 )?fetch\b/);
    // About half the ~490 KB pack arrived.
    expect(suspect.bytes).toBeGreaterThan(150_000);
    expect(suspect.bytes).toBeLessThan(400_000);
    expect(top.name, text).toBe("repo-unreachable");
    expect(top.title).toMatch(new RegExp(`^git's fetch from ${REPO_URL.replace(/\./g, "\\.")} stopped after \\d+(?:\\.\\d+)? KiB$`));
    expect(top.evidence[0]).toContain(`(${REPO_URL}): `);
    expect(commands(top)).toEqual([
      `go mod download -x ${MODULE}@v1.0.0`,
      `GIT_TRACE_PACKET=1 GIT_CURL_VERBOSE=1 git clone --bare ${REPO_URL} /tmp/repo-check`,
      "git config --global http.lowSpeedLimit 1000",
      "git config --global http.lowSpeedTime 60",
    ]);
  }, 90_000);
});
