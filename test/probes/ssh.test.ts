// The ssh side of the vcs probe: where git's insteadOf rules send a
// repository URL, the ssh server's banner read with a deadline, and
// `git ls-remote` over ssh ending (ssh included) at its deadline.
import { afterEach, describe, expect, it } from "vitest";
import { refusedPort } from "../../fixtures/endpoints.js";
import { SSH_FIXTURE_BANNER, sshServerPool } from "../../fixtures/sshserver.js";
import { gitLsRemote, gitReason, probeGitEnv } from "../../src/probes/net/git.js";
import { readSshBanner } from "../../src/probes/net/ssh-banner.js";
import { applyInsteadOf, formatSshEndpoint, sshEndpointOf } from "../../src/probes/net/ssh-url.js";
import { processesMentioning } from "../helpers/processes.js";

const pool = sshServerPool();
afterEach(pool.closeAll);
const server = pool.start;


describe("applyInsteadOf: git's rewrite of a repository URL", () => {
  const rules = [
    { from: "https://git.corp.test/", to: "ssh://git@git.corp.test/" },
    { from: "https://git.corp.test/team/", to: "git@ssh.corp.test:team/" },
    { from: "https://other.test/", to: "ssh://git@other.test:2222/" },
  ];

  it("the longest matching prefix wins, whatever the order of the rules", () => {
    expect(applyInsteadOf("https://git.corp.test/team/lib.git", rules)).toEqual({ url: "git@ssh.corp.test:team/lib.git", rule: rules[1] });
    expect(applyInsteadOf("https://git.corp.test/team/lib.git", [...rules].reverse()).url).toBe("git@ssh.corp.test:team/lib.git");
    expect(applyInsteadOf("https://git.corp.test/r.git", rules)).toEqual({ url: "ssh://git@git.corp.test/r.git", rule: rules[0] });
  });

  it("no matching rule: the URL as it was, no rule", () => {
    expect(applyInsteadOf("https://elsewhere.test/r.git", rules)).toEqual({ url: "https://elsewhere.test/r.git" });
    expect(applyInsteadOf("https://git.corp.test/r.git", [{ from: "", to: "ssh://x/" }])).toEqual({ url: "https://git.corp.test/r.git" });
  });
});

describe("sshEndpointOf: host and port ssh is given", () => {
  it.each([
    ["ssh://git@127.0.0.1:2222/r.git", { user: "git", host: "127.0.0.1", port: 2222 }],
    ["ssh://git.corp.test/r.git", { host: "git.corp.test", port: 22 }],
    ["git+ssh://me@git.corp.test/r", { user: "me", host: "git.corp.test", port: 22 }],
    ["ssh://git@[::1]:2222/r.git", { user: "git", host: "::1", port: 2222 }],
    ["git@github.com:owner/repo.git", { user: "git", host: "github.com", port: 22 }],
    ["gitlab.corp.test:group/repo", { host: "gitlab.corp.test", port: 22 }],
  ])("%s", (url, expected) => {
    expect(sshEndpointOf(url)).toEqual(expected);
  });

  it.each(["https://git.corp.test/r.git", "http://127.0.0.1:80/r.git", "git://git.corp.test/r", "/srv/git/r.git", "file:///srv/r.git", "./r.git"])("%s is not ssh", (url) => {
    expect(sshEndpointOf(url)).toBeUndefined();
  });

  it("formatSshEndpoint drops port 22", () => {
    expect(formatSshEndpoint({ host: "github.com", port: 22 })).toBe("github.com");
    expect(formatSshEndpoint({ host: "127.0.0.1", port: 2222 })).toBe("127.0.0.1:2222");
  });
});

describe("readSshBanner against fixtures/sshserver.ts", () => {
  it("a server that sends its banner: ok, the banner quoted", async () => {
    const s = await server("banner-then-silent");
    const facts = await readSshBanner("127.0.0.1", s.port, { timeoutMs: 3000 });
    expect(facts).toMatchObject({ ok: true, outcome: "banner", banner: SSH_FIXTURE_BANNER, host: "127.0.0.1", port: s.port });
    // It introduced itself, as an ssh client does (some multiplexers wait for that).
    await expect.poll(() => s.clientBanners).toEqual(["SSH-2.0-gomod_doctor_probe"]);
  });

  it("silent: connected, no banner by the deadline; the probe ends on time", async () => {
    const s = await server("silent");
    const start = performance.now();
    const facts = await readSshBanner("127.0.0.1", s.port, { timeoutMs: 400 });
    expect(performance.now() - start).toBeLessThan(2000);
    expect(facts).toMatchObject({ ok: false, outcome: "silent", code: "TIMEOUT" });
    expect(facts.connectMs).toBeLessThan(facts.ms);
    expect(facts.message).toMatch(/^connected in \d+ ms; no ssh banner in \d+ ms$/);
  });

  it("silent, cut short by the caller: ABORT, not TIMEOUT", async () => {
    const s = await server("silent");
    const facts = await readSshBanner("127.0.0.1", s.port, { timeoutMs: 5000, signal: AbortSignal.abort() });
    expect(facts.code).toBe("ABORT");
  });

  it("close and reset before the banner", async () => {
    const closed = await server("close");
    expect(await readSshBanner("127.0.0.1", closed.port, { timeoutMs: 3000 })).toMatchObject({ ok: false, outcome: "closed" });
    const reset = await server("reset");
    expect(await readSshBanner("127.0.0.1", reset.port, { timeoutMs: 3000 })).toMatchObject({ ok: false, outcome: "reset", code: "ECONNRESET" });
  });

  it("not ssh: the first line the server sent instead", async () => {
    const s = await server("not-ssh");
    expect(await readSshBanner("127.0.0.1", s.port, { timeoutMs: 3000 })).toMatchObject({ ok: false, outcome: "not-ssh", firstLine: "HTTP/1.1 400 Bad Request", code: "NOT_SSH" });
  });

  it("a refused port", async () => {
    const port = await refusedPort();
    expect(await readSshBanner("127.0.0.1", port, { timeoutMs: 3000 })).toMatchObject({ ok: false, outcome: "refused", code: "ECONNREFUSED" });
  });
});

describe("gitLsRemote over ssh (the vcs probe's git, with go's BatchMode ssh)", () => {
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: "/nonexistent-gmd-home" };

  it("a silent ssh server: git and ssh are killed at the deadline (process group)", async () => {
    const s = await server("silent");
    const start = performance.now();
    const facts = await gitLsRemote(`ssh://git@127.0.0.1:${s.port}/r.git`, { timeoutMs: 800, env });
    expect(facts).toMatchObject({ ok: false, kind: "timeout", code: "TIMEOUT" });
    expect(performance.now() - start).toBeLessThan(3000);
    expect(s.connections).toBe(1); // ssh did connect: it was ssh that waited
    expect(processesMentioning(String(s.port))).toEqual([]);
  });

  it("closed before the banner: kind ssh-handshake, ssh's own line as the message (not git's 'and the repository exists.')", async () => {
    const s = await server("close");
    const facts = await gitLsRemote(`ssh://git@127.0.0.1:${s.port}/r.git`, { timeoutMs: 5000, env });
    expect(facts).toMatchObject({ ok: false, kind: "ssh-handshake", code: "GIT_SSH_HANDSHAKE", message: "kex_exchange_identification: Connection closed by remote host" });
  });

  it("refused: kind refused, ssh's line", async () => {
    const port = await refusedPort();
    const facts = await gitLsRemote(`ssh://git@127.0.0.1:${port}/r.git`, { timeoutMs: 5000, env });
    expect(facts).toMatchObject({ ok: false, kind: "refused", message: `ssh: connect to host 127.0.0.1 port ${port}: Connection refused` });
  });
});

describe("the probe's git uses the user's ssh command, as go does", () => {
  it("GIT_SSH_COMMAND set by the user: kept (go keeps it too); unset: go's BatchMode ssh", async () => {
    const port = await refusedPort();
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: "/nonexistent-gmd-home" };
    // A user's command that says who ran it: what ssh the probe's git used shows in its stderr.
    // (No port in this URL: git refuses to pass one to an ssh command it does not recognise as OpenSSH's.)
    const own = await gitLsRemote("ssh://git@127.0.0.1/r.git", { timeoutMs: 5000, env: { ...env, GIT_SSH_COMMAND: "sh -c 'echo user-ssh-command-ran >&2; exit 255' --" } });
    expect(own.stderr).toContain("user-ssh-command-ran");
    const go = await gitLsRemote(`ssh://git@127.0.0.1:${port}/r.git`, { timeoutMs: 5000, env });
    expect(go.stderr).not.toContain("user-ssh-command-ran");
    expect(go.message).toBe(`ssh: connect to host 127.0.0.1 port ${port}: Connection refused`);
  });

  it("probeGitEnv: GIT_SSH alone also keeps go's command out; prompts stay off either way", () => {
    expect(probeGitEnv({ GIT_SSH: "/usr/local/bin/myssh" })).toMatchObject({ GIT_SSH: "/usr/local/bin/myssh", GIT_TERMINAL_PROMPT: "0" });
    expect(probeGitEnv({ GIT_SSH: "/usr/local/bin/myssh" }).GIT_SSH_COMMAND).toBeUndefined();
    expect(probeGitEnv({}).GIT_SSH_COMMAND).toBe("ssh -o BatchMode=yes -o ControlMaster=no");
    expect(probeGitEnv({ GIT_TERMINAL_PROMPT: "1" }).GIT_TERMINAL_PROMPT).toBe("0");
  });
});

describe("gitReason", () => {
  it("after ssh's words, git's boilerplate is not the reason", () => {
    expect(gitReason("Permission denied (publickey).\r\nfatal: Could not read from remote repository.\n\nPlease make sure you have the correct access rights\nand the repository exists.")).toBe("Permission denied (publickey).");
    expect(gitReason("fatal: repository 'http://x/r.git/' not found")).toBe("fatal: repository 'http://x/r.git/' not found");
  });
});
