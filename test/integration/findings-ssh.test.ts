// Live ssh scenarios: go -> git -> ssh against fixtures/sshserver.ts. The
// user's git config rewrites https://git.corp.test/ to ssh://git@127.0.0.1:PORT/
// (url.insteadOf, in the run's own GIT_CONFIG_GLOBAL file), as users do for
// private modules; the go-import page is fixtures/gitserver.ts on
// 127.0.0.1:80 (shared with other files: every bind waits, bounded, for the
// port), with git.corp.test pointed at 127.0.0.1 for the run's tree only.
// go sets GIT_SSH_COMMAND="ssh -o ControlMaster=no -o BatchMode=yes" itself.
import { execa } from "execa";
import { randomUUID } from "node:crypto";
import { appendFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { refusedPort } from "../../fixtures/endpoints.js";
import { GIT_FIXTURE_MODULE, makeBareRepo, startGitServer } from "../../fixtures/gitserver.js";
import { GIT_HOST, withTestHosts, writeHostsFile } from "../../fixtures/hosts.js";
import { makeProject } from "../../fixtures/projects.js";
import { isolatedGoEnv, type GoVersion } from "../../fixtures/run-go.js";
import { startSshd } from "../../fixtures/sshd.js";
import { SSH_FIXTURE_BANNER, startSshServer, type SshServer, type SshServerFault } from "../../fixtures/sshserver.js";
import type { Finding } from "../../src/report/schema.js";
import { BIN } from "../helpers/cli.js";
import { runDiagnose, type DiagnoseRun } from "./support/diagnose-run.js";
import { cleanupAll, defer, GO_VERSIONS, leftovers, parseReport } from "./support/watch.js";
import { processesMentioning } from "../helpers/processes.js";

afterEach(cleanupAll);

const MODULE = GIT_FIXTURE_MODULE; // git.corp.test/r v1.0.0, required by fixtures/projects/with-git
/** What the go-import page names: an https repository, as a real forge's page does. */
const PAGE_REPO = `https://${GIT_HOST}/r.git`;

/** An ssh endpoint: a fixture server with a fault, or a refused port. */
async function sshEndpoint(fault: SshServerFault | "refused"): Promise<{ port: number; server?: SshServer }> {
  if (fault === "refused") return { port: await refusedPort() };
  const server = await startSshServer(fault);
  defer(() => server.close());
  return { port: server.port, server };
}

/** A project requiring git.corp.test/r, whose https repository the user's git config sends to ssh on `port`; sshBase is the insteadOf target, ssh://git@127.0.0.1:PORT/. */
async function prepareProject(go: GoVersion, port: number): Promise<{ dir: string; env: Record<string, string>; sshBase: string }> {
  const repo = await makeBareRepo();
  defer(() => repo.cleanup());
  const page = await startGitServer({ repos: [{ importPath: MODULE, dir: repo.dir }], port: 80, busyWaitMs: 60_000, fault: "ok", metaTags: (ip) => [`${ip} git ${PAGE_REPO}`] });
  defer(() => page.close());
  const p = await makeProject("with-git");
  defer(() => p.cleanup());
  const env = await isolatedGoEnv({ proxy: "direct", go, extra: { GOPRIVATE: GIT_HOST, GOINSECURE: GIT_HOST } });
  defer(() => env.cleanup());
  const sshBase = `ssh://git@127.0.0.1:${port}/`;
  await appendFile(join(env.root, "gitconfig"), `[url "${sshBase}"]\n\tinsteadOf = https://${GIT_HOST}/\n`);
  return { dir: p.dir, env: env.env, sshBase };
}

/** The command line and environment of a `gomod-doctor COMMAND` run this file starts itself (to interrupt it, or for `probe`), on prepareProject's project. */
async function prepare(go: GoVersion, port: number, options: string[], command: "diagnose" | "probe" = "diagnose"): Promise<{ argv: string[]; cwd: string; env: Record<string, string>; marker: string }> {
  const p = await prepareProject(go, port);
  const hosts = await writeHostsFile([GIT_HOST]);
  defer(() => hosts.cleanup());
  const marker = randomUUID();
  return {
    argv: withTestHosts(hosts.file, [process.execPath, BIN, command, p.dir, ...options]),
    cwd: p.dir,
    env: { ...p.env, GOMOD_DOCTOR_TEST_MARKER: marker, NO_COLOR: "1" },
    marker,
  };
}

/** No orphans: go, git and ssh (the download's and the probe's) all ended with the tool. */
async function expectNoOrphans(marker: string, port: number): Promise<void> {
  expect(await leftovers(marker)).toEqual([]);
  expect(processesMentioning(`-p ${port} `).filter((p) => /\bssh\b/.test(p))).toEqual([]);
}

/** `gomod-doctor diagnose --json` with short stall and probe deadlines (runDiagnose), on prepareProject's project; sshConfig replaces /etc/ssh/ssh_config for the run. */
async function diagnose(go: GoVersion, port: number, sshConfig?: string): Promise<DiagnoseRun & { sshBase: string }> {
  const { dir, env, sshBase } = await prepareProject(go, port);
  const run = await runDiagnose({ dir, env, cwd: dir, hosts: [GIT_HOST], ...(sshConfig ? { sshConfig } : {}) });
  await expectNoOrphans(run.run.marker, port);
  return { ...run, sshBase };
}

const commands = (f: Finding) => f.fixes.flatMap((x) => x.commands);

const ruleLine = (sshBase: string) => `url."${sshBase}".insteadOf "https://${GIT_HOST}/" (git config)`;

describe.each(GO_VERSIONS)("go%s: the ssh server accepts and never sends its banner", (go) => {
  it("exit 3, the stall is git's; GMD321 names 127.0.0.1 and the port, the rule that sent git there, and how to check and bound ssh", async () => {
    const { port, server } = await sshEndpoint("silent");
    const { code, report, top, text, sshBase } = await diagnose(go, port);
    expect(code).toBe(3);
    expect(report.stall!.suspects[0]).toMatchObject({ kind: "vcs", repo: PAGE_REPO });
    // go's git ran ssh (and so did the probe's git, and the banner probe): all connected, none got a word.
    expect(server!.connections).toBeGreaterThanOrEqual(2);
    expect(server!.clientBanners.some((b) => b.startsWith("SSH-2.0-OpenSSH_"))).toBe(true);
    expect(top.code, text).toBe("GMD321");
    expect(top.title).toBe(`ssh to 127.0.0.1 port ${port} connects, but the server never sends its ssh banner`);
    expect(top.evidence).toContain(`${ruleLine(sshBase)}: git goes to ${sshBase}r.git`);
    expect(top.evidence.join("\n")).toMatch(new RegExp(`^probe vcs:${GIT_HOST}: 127\\.0\\.0\\.1 port ${port}: connected in \\S+, no ssh banner in `, "m"));
    expect(commands(top)).toContain(`ssh -vT -o ConnectTimeout=10 -p ${port} git@127.0.0.1`);
    expect(commands(top)).toContain(`git config --global --unset url."${sshBase}".insteadOf`);
    // The http-worded "does not answer git" is this, not a second finding.
    expect(report.findings.map((f) => f.code)).not.toContain("GMD309");
  }, 90_000);
});

describe("go1.23: the ssh server sends its banner and then nothing", () => {
  it("exit 3, GMD321 quotes the banner", async () => {
    const { port } = await sshEndpoint("banner-then-silent");
    const { code, top, text } = await diagnose("1.23", port);
    expect(code).toBe(3);
    expect(top.code, text).toBe("GMD321");
    expect(top.title).toBe(`ssh to 127.0.0.1 port ${port}: the server sends its banner (${SSH_FIXTURE_BANNER}) and then nothing`);
  }, 90_000);
});

describe("go1.23: the connection ends before the ssh handshake", () => {
  it("closed: exit 1, ssh's words in the title, host and port, and the rule", async () => {
    const { port } = await sshEndpoint("close");
    const { code, top, text, sshBase } = await diagnose("1.23", port);
    expect(code).toBe(1);
    expect(top.code, text).toBe("GMD321");
    expect(top.title).toBe(`ssh to 127.0.0.1 port ${port}: the server closes the connection before the ssh banner (kex_exchange_identification: Connection closed by remote host)`);
    expect(top.evidence).toContain(`Connection closed by 127.0.0.1 port ${port}`);
    expect(top.evidence).toContain(`${ruleLine(sshBase)}: git goes to ${sshBase}r.git`);
    expect(top.why).toContain("Not a key problem");
  }, 90_000);

  it("reset: ssh's 'Connection reset by peer'", async () => {
    const { port } = await sshEndpoint("reset");
    const { code, top, text } = await diagnose("1.23", port);
    expect(code).toBe(1);
    expect(top.code, text).toBe("GMD321");
    expect(top.title).toBe(`ssh to 127.0.0.1 port ${port}: the server resets the connection before the ssh banner (kex_exchange_identification: read: Connection reset by peer)`);
  }, 90_000);

  it("not ssh: ssh only says 'closed'; the probe's read of the port says what answers there", async () => {
    const { port } = await sshEndpoint("not-ssh");
    const { code, top, text } = await diagnose("1.23", port);
    expect(code).toBe(1);
    expect(top.code, text).toBe("GMD321");
    expect(top.title).toBe(`ssh to 127.0.0.1 port ${port}: the server answers "HTTP/1.1 400 Bad Request", not ssh`);
  }, 90_000);
});

describe("go1.23: the ssh port refuses connections", () => {
  it("exit 1, GMD309 names the host, the port and the rule; the ssh check uses the port", async () => {
    const { port } = await sshEndpoint("refused");
    const { code, top, text, sshBase } = await diagnose("1.23", port);
    expect(code).toBe(1);
    expect(top.code, text).toBe("GMD309");
    expect(top.title).toBe(`The repository host 127.0.0.1 cannot be reached: ssh connections to port ${port} are refused`);
    expect(top.evidence).toContain(`ssh: connect to host 127.0.0.1 port ${port}: Connection refused`);
    expect(top.evidence).toContain(ruleLine(sshBase));
    expect(commands(top)).toContain(`ssh -T -o ConnectTimeout=10 -p ${port} git@127.0.0.1`);
    expect(commands(top)).toContain(`git config --global --unset url."${sshBase}".insteadOf`);
  }, 90_000);
});

describe("go1.23: Ctrl-C while go's ssh waits for a banner", () => {
  it("exit 130, one valid report, and no go, git or ssh process left", async () => {
    const { port, server } = await sshEndpoint("silent");
    const run = await prepare("1.23", port, ["--json", "--stall-timeout", "60", "--probe-timeout", "2"]);
    const [cmd, ...rest] = run.argv;
    const child = execa(cmd!, rest, { cwd: run.cwd, env: run.env, extendEnv: false, reject: false, stdin: "ignore", timeout: 45_000 });
    defer(() => child.kill("SIGKILL"));
    // go's git has started ssh, and ssh has connected: the tree is go -> git -> ssh, all waiting.
    await expect
      .poll(() => server!.connections > 0 && processesMentioning(`-p ${port} `).some((p) => /\bssh\b/.test(p)), { timeout: 20_000, interval: 100 })
      .toBe(true);
    process.kill(child.pid!, "SIGINT");
    const r = await child;
    expect(r.exitCode).toBe(130);
    expect(parseReport(String(r.stdout))).toMatchObject({ outcome: "interrupted", exitCode: 130 });
    await expectNoOrphans(run.marker, port);
  }, 90_000);
});

describe("go1.23: `probe` (no download) reads the ssh endpoint the rewrite names", () => {
  it("silent: exit 1, GMD321 within the probe deadline, ssh ended", async () => {
    const { port } = await sshEndpoint("silent");
    const run = await prepare("1.23", port, ["--json", "--probe-timeout", "2"], "probe");
    const [cmd, ...rest] = run.argv;
    const start = performance.now();
    const r = await execa(cmd!, rest, { cwd: run.cwd, env: run.env, extendEnv: false, reject: false, stdin: "ignore", timeout: 45_000 });
    expect(performance.now() - start).toBeLessThan(15_000);
    expect(r.exitCode).toBe(1);
    const top = parseReport(String(r.stdout)).findings[0]!;
    expect(top).toMatchObject({ code: "GMD321", title: `ssh to 127.0.0.1 port ${port} connects, but the server never sends its ssh banner` });
    await expectNoOrphans(run.marker, port);
  }, 90_000);
});

describe("go1.23: a real sshd (fixtures/sshd.ts) on the port the rewrite names", () => {
  it("unknown host key (ssh knows none: BatchMode refuses): GMD305 names 127.0.0.1 and the port, not the module's host; keyscan asks that port", async () => {
    const sshd = await startSshd();
    defer(() => sshd.close());
    const { code, top, text, sshBase } = await diagnose("1.23", sshd.port);
    expect(code).toBe(1);
    expect(top.code, text).toBe("GMD305");
    expect(top.title).toBe(`ssh does not know the host key of 127.0.0.1 port ${sshd.port}`);
    expect(top.evidence).toContain("Host key verification failed.");
    expect(top.evidence.filter((l) => l.startsWith("Host key verification failed"))).toHaveLength(1);
    expect(top.evidence).toContain(`git rewrites https://${GIT_HOST}/ to ${sshBase} (url.insteadOf)`);
    expect(top.modules).toEqual([MODULE]);
    expect(commands(top)).toEqual([`ssh-keyscan -p ${sshd.port} -t ed25519 127.0.0.1 | tee -a ~/.ssh/known_hosts | ssh-keygen -lf -`]);
  }, 90_000);

  it("known host key, no key accepted: GMD304 with the port; no https credentials finding (GMD302) for an ssh refusal", async () => {
    const sshd = await startSshd();
    defer(() => sshd.close());
    // ssh trusts the server through the system file, swapped for this run's tree only (ssh ignores $HOME).
    const dir = await mkdtemp(join(tmpdir(), "gomod-doctor-sshcfg-"));
    defer(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, "known_hosts"), `${sshd.knownHostsLine}\n`);
    await writeFile(join(dir, "ssh_config"), `GlobalKnownHostsFile ${join(dir, "known_hosts")}\n`);
    const { code, report, top, text, sshBase } = await diagnose("1.23", sshd.port, join(dir, "ssh_config"));
    expect(code).toBe(1);
    expect(top.code, text).toBe("GMD304");
    expect(top.title).toBe(`ssh to 127.0.0.1 port ${sshd.port} refused the key (Permission denied (publickey))`);
    expect(top.evidence).toContain("git@127.0.0.1: Permission denied (publickey).");
    expect(top.modules).toEqual([MODULE]);
    expect(commands(top)).toContain(`ssh -T -p ${sshd.port} git@127.0.0.1`);
    expect(commands(top)).toContain(`git config --global --unset url."${sshBase}".insteadOf`);
    expect(report.findings.map((f) => f.code)).not.toContain("GMD302");
    // sshd saw the key check: the refusal is the server's, after the host key was accepted.
    expect(sshd.log()).toMatch(/Invalid user git from 127\.0\.0\.1|Connection closed by (?:invalid user )?git 127\.0\.0\.1/);
  }, 90_000);
});
