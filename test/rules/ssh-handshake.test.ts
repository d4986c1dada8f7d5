// GMD321 (ssh reaches the port, no ssh server talks) and GMD309's ssh wording
// (refused, with the port and the insteadOf rule): from go's quoted ssh
// lines alone (analyze), and from a stall read with the vcs probe's banner.
import { describe, expect, it } from "vitest";
import type { SshBannerFacts } from "../../src/probes/types.js";
import type { Finding } from "../../src/report/schema.js";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { sshHandshakeFailure } from "../../src/rules/ssh-handshake.js";
import type { Evidence } from "../../src/rules/types.js";
import { ctx, evidence, goError, trace, vcsFacts, vcsProbe } from "./evidence/base.js";

const MOD = "git.corp.test/team/lib";
const REPO = "https://git.corp.test/team/lib.git";
const RULE = { from: "https://git.corp.test/", to: "ssh://git@127.0.0.1:2222/" };
const SSH_URL = "ssh://git@127.0.0.1:2222/team/lib.git";
const VCS_DIR = "/home/dev/go/pkg/mod/cache/vcs/6053";
const commands = (f: Finding) => f.fixes.flatMap((x) => x.commands);
const codes = (fs: Finding[]) => fs.map((f) => f.code);

/** go's error for a git ls-remote that exited 128, with ssh's lines as its details (ssh ends them with \r). */
const lsRemoteFailed = (lines: string[], module = MOD) =>
  goError(`go: ${module}@v1.0.0: reading ${module}/go.mod at revision v1.0.0: git ls-remote -q origin in ${VCS_DIR}: exit status 128:`, lines, module, "v1.0.0");

const GIT_TAIL = ["fatal: Could not read from remote repository.", "Please make sure you have the correct access rights", "and the repository exists."];

function banner(over: Partial<SshBannerFacts>): SshBannerFacts {
  return { ok: false, ms: 1500, host: "127.0.0.1", port: 2222, outcome: "silent", ...over };
}

function probeWith(b: SshBannerFacts, lsRemote: NonNullable<Parameters<typeof vcsFacts>[1]>["lsRemote"]) {
  return vcsProbe(vcsFacts("git.corp.test", { modules: [MOD], insteadOf: [RULE], ssh: { url: SSH_URL, rule: RULE, banner: b }, ...(lsRemote ? { lsRemote } : {}) }), "fail");
}

const HUNG = { ok: false, ms: 1500, repo: REPO, kind: "timeout", code: "TIMEOUT", message: "git ls-remote still running after 1500 ms: killed" };

function stalled(probes: Evidence["probes"], more: Partial<Evidence> = {}): Evidence {
  return evidence({
    outcome: "stalled",
    ctx: ctx({ GOPROXY: "direct", GOPRIVATE: "git.corp.test" }, {}, [`${MOD}@v1.0.0`]),
    trace: trace({ stall: { atMs: 5000, idleMs: 5000, suspects: [{ kind: "vcs", command: "git ls-remote -q origin", repo: REPO, idleMs: 5000, bytes: 0 }] } }),
    probes,
    ...more,
  });
}

describe("sshHandshakeFailure: ssh's own words", () => {
  it("closed, reset, a banner timeout, a non-ssh answer; the endpoint from ssh's last line", () => {
    expect(sshHandshakeFailure("kex_exchange_identification: Connection closed by remote host\r\nConnection closed by 10.0.0.5 port 22\r\nfatal: Could not read from remote repository.")).toEqual({
      what: "closed",
      line: "kex_exchange_identification: Connection closed by remote host",
      host: "10.0.0.5",
      port: 22,
    });
    expect(sshHandshakeFailure("kex_exchange_identification: read: Connection reset by peer\nConnection reset by 127.0.0.1 port 2222")).toMatchObject({ what: "reset", host: "127.0.0.1", port: 2222 });
    expect(sshHandshakeFailure("Connection timed out during banner exchange\nConnection to git.corp.test port 22 timed out")).toMatchObject({ what: "banner-timeout", host: "git.corp.test", port: 22 });
    expect(sshHandshakeFailure("kex_exchange_identification: banner line contains invalid characters")).toEqual({ what: "not-ssh", line: "kex_exchange_identification: banner line contains invalid characters" });
  });

  it("ssh's shorter endings when the server cut it before ssh read a word: the reset alone, and UNKNOWN port -1 (no endpoint)", () => {
    expect(sshHandshakeFailure("Connection reset by 127.0.0.1 port 2222\r\nfatal: Could not read from remote repository.")).toEqual({ what: "reset", line: "Connection reset by 127.0.0.1 port 2222", host: "127.0.0.1", port: 2222 });
    expect(sshHandshakeFailure("Connection reset by UNKNOWN port -1\r\nfatal: Could not read from remote repository.")).toEqual({ what: "reset", line: "Connection reset by UNKNOWN port -1" });
    expect(sshHandshakeFailure("Connection closed by 10.0.0.5 port 22")).toMatchObject({ what: "closed", host: "10.0.0.5", port: 22 });
  });

  it("look-alikes: a refused connect, a key refusal (and the close after it) are not handshake failures", () => {
    expect(sshHandshakeFailure("git@10.0.0.5: Permission denied (publickey).\nConnection closed by 10.0.0.5 port 22")).toBeUndefined();
    expect(sshHandshakeFailure("Unable to negotiate with 10.0.0.5 port 22: no matching host key type found. Their offer: ssh-rsa\nConnection closed by 10.0.0.5 port 22")).toBeUndefined();
    expect(sshHandshakeFailure("ssh: connect to host git.corp.test port 22: Connection refused")).toBeUndefined();
    expect(sshHandshakeFailure("git@git.corp.test: Permission denied (publickey).")).toBeUndefined();
  });
});

describe("GMD321 from go's error alone (analyze: no probes)", () => {
  const analyze = (...errors: ReturnType<typeof goError>[]) => diagnoseEvidence(evidence({ outcome: "analyzed", trace: trace({ errors }) }));

  it("closed before the banner: the host and port ssh named, ssh's line, a verbose ssh to check; the quoted error is explained", () => {
    const fs = analyze(lsRemoteFailed(["kex_exchange_identification: Connection closed by remote host\r", "Connection closed by 10.0.0.5 port 22\r", ...GIT_TAIL]));
    expect(fs[0]).toMatchObject({
      code: "GMD321",
      name: "ssh-handshake",
      severity: "blocker",
      title: "ssh to 10.0.0.5 port 22: the server closes the connection before the ssh banner (kex_exchange_identification: Connection closed by remote host)",
      modules: [MOD],
    });
    expect(fs[0]!.evidence).toContain("Connection closed by 10.0.0.5 port 22");
    expect(commands(fs[0]!)[0]).toBe("ssh -vT -o ConnectTimeout=10 git@10.0.0.5");
    expect(commands(fs[0]!)).toContain("printf 'Host 10.0.0.5\\n  ConnectTimeout 15\\n  ServerAliveInterval 15\\n  ServerAliveCountMax 4\\n' >> ~/.ssh/config");
    expect(codes(fs)).not.toContain("GMD902");
    expect(fs[0]!.explains).toContain("GMD902");
  });

  it("github.com on port 22 gets the ssh-over-443 fix; a non-22 port gets -p", () => {
    const gh = analyze(lsRemoteFailed(["kex_exchange_identification: read: Connection reset by peer", "Connection reset by github.com port 22"], "github.com/o/r"))[0]!;
    expect(gh.title).toBe("ssh to github.com port 22: the server resets the connection before the ssh banner (kex_exchange_identification: read: Connection reset by peer)");
    expect(commands(gh)).toContain("printf 'Host github.com\\n  Hostname ssh.github.com\\n  Port 443\\n' >> ~/.ssh/config");
    // UNKNOWN port -1: the endpoint comes from the vcs probe when there is one; without it the title says so.
    const unknown = analyze(lsRemoteFailed(["Connection reset by UNKNOWN port -1", ...GIT_TAIL]))[0]!;
    expect(unknown.title).toBe("ssh to the repository's ssh server: the server resets the connection before the ssh banner (Connection reset by UNKNOWN port -1)");
    expect(commands(unknown)).toEqual(["git config --show-origin --get-regexp '^url\\.'"]);
    const other = analyze(lsRemoteFailed(["kex_exchange_identification: read: Connection reset by peer", "Connection reset by 127.0.0.1 port 2222"]))[0]!;
    expect(commands(other)[0]).toBe("ssh -vT -o ConnectTimeout=10 -p 2222 git@127.0.0.1");
    expect(commands(other).join("\n")).not.toContain("Port 443");
  });
});

describe("GMD321 from a stall, read with the vcs probe's ssh banner", () => {
  it("silent: connected, no banner; the title names host and port, the evidence the rule, and GMD309 'does not answer git' is explained", () => {
    const fs = diagnoseEvidence(stalled([probeWith(banner({ connectMs: 3, code: "TIMEOUT", message: "connected in 3 ms; no ssh banner in 1497 ms" }), HUNG)]));
    expect(fs[0]).toMatchObject({ code: "GMD321", title: "ssh to 127.0.0.1 port 2222 connects, but the server never sends its ssh banner" });
    expect(fs[0]!.evidence).toContain(`url."${RULE.to}".insteadOf "${RULE.from}" (git config): git goes to ${SSH_URL}`);
    expect(fs[0]!.evidence.join("\n")).toMatch(/127\.0\.0\.1 port 2222: connected in 3ms, no ssh banner in 1\.5s/);
    expect(fs[0]!.why).toContain("BatchMode but no ConnectTimeout");
    expect(commands(fs[0]!)).toEqual([
      "ssh -vT -o ConnectTimeout=10 -p 2222 git@127.0.0.1",
      "git config --show-origin --get-regexp '^url\\.'",
      `git config --global --unset url."${RULE.to}".insteadOf`,
      "printf 'Host 127.0.0.1\\n  ConnectTimeout 15\\n  ServerAliveInterval 15\\n  ServerAliveCountMax 4\\n' >> ~/.ssh/config",
    ]);
    expect(codes(fs)).not.toContain("GMD309");
    expect(codes(fs)).not.toContain("GMD901");
  });

  it("banner, then nothing (ls-remote hung): the title quotes the banner", () => {
    const fs = diagnoseEvidence(stalled([probeWith(banner({ ok: true, outcome: "banner", banner: "SSH-2.0-OpenSSH_9.2p1", ms: 4 }), HUNG)]));
    expect(fs[0]).toMatchObject({ code: "GMD321", title: "ssh to 127.0.0.1 port 2222: the server sends its banner (SSH-2.0-OpenSSH_9.2p1) and then nothing" });
  });

  it("look-alikes: a banner and an ls-remote that answered; a probe cut short (ABORT); a git waiting on a prompt", () => {
    const answered = diagnoseEvidence(stalled([probeWith(banner({ ok: true, outcome: "banner", banner: "SSH-2.0-OpenSSH_9.2p1", ms: 4 }), { ok: true, ms: 40, repo: REPO })]));
    expect(codes(answered)).not.toContain("GMD321");
    const aborted = diagnoseEvidence(stalled([probeWith(banner({ code: "ABORT" }), { ...HUNG, code: "ABORT" })]));
    expect(codes(aborted)).not.toContain("GMD321");
    const prompting = diagnoseEvidence(stalled([probeWith(banner({ code: "TIMEOUT" }), HUNG)], { promptWaiters: [{ pid: 7, command: "ssh git@127.0.0.1", why: "reads /dev/tty" }] }));
    expect(codes(prompting)).not.toContain("GMD321");
  });

  it("not ssh: ssh says 'closed', the probe read what the server sent instead", () => {
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: "direct", GOPRIVATE: "git.corp.test" }, {}, [`${MOD}@v1.0.0`]),
        trace: trace({ errors: [lsRemoteFailed(["kex_exchange_identification: Connection closed by remote host", "Connection closed by 127.0.0.1 port 2222", ...GIT_TAIL])] }),
        probes: [probeWith(banner({ outcome: "not-ssh", firstLine: "HTTP/1.1 400 Bad Request", ms: 3 }), { ok: false, ms: 20, repo: REPO, kind: "ssh-handshake" })],
      }),
    );
    expect(fs[0]).toMatchObject({ code: "GMD321", title: 'ssh to 127.0.0.1 port 2222: the server answers "HTTP/1.1 400 Bad Request", not ssh' });
    // go's error and the probe's read are one endpoint: one finding.
    expect(codes(fs).filter((c) => c === "GMD321")).toHaveLength(1);
    expect(fs[0]!.why).toContain(`the rule url."${RULE.to}".insteadOf "${RULE.from}" rewrites the repository URL to ${SSH_URL}`);
  });
});

describe("GMD309 for a refused ssh connect names the port and the rewrite", () => {
  it("port 2222, the rule from the vcs probe: in the title, the evidence, the why and the fixes", () => {
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: "direct", GOPRIVATE: "git.corp.test" }, {}, [`${MOD}@v1.0.0`]),
        trace: trace({ errors: [lsRemoteFailed(["ssh: connect to host 127.0.0.1 port 2222: Connection refused", ...GIT_TAIL])] }),
        probes: [probeWith(banner({ outcome: "refused", code: "ECONNREFUSED", ms: 1 }), { ok: false, ms: 20, repo: REPO, kind: "refused" })],
      }),
    );
    expect(fs[0]).toMatchObject({ code: "GMD309", title: "The repository host 127.0.0.1 cannot be reached: ssh connections to port 2222 are refused" });
    expect(fs[0]!.evidence).toContain(`url."${RULE.to}".insteadOf "${RULE.from}" (git config)`);
    expect(fs[0]!.why).toContain(`(over ssh: the rule url."${RULE.to}".insteadOf "${RULE.from}" sends git there)`);
    expect(commands(fs[0]!)).toContain("ssh -T -o ConnectTimeout=10 -p 2222 git@127.0.0.1");
    expect(commands(fs[0]!)).toContain(`git config --global --unset url."${RULE.to}".insteadOf`);
    expect(codes(fs)).not.toContain("GMD321");
  });
});

describe("`probe` (no download): the vcs probe's ssh read alone", () => {
  const probedOnly = (b: SshBannerFacts, lsRemote: Parameters<typeof probeWith>[1]) =>
    diagnoseEvidence(evidence({ outcome: "probed", ctx: ctx({ GOPROXY: "direct", GOPRIVATE: "git.corp.test" }, {}, [`${MOD}@v1.0.0`]), probes: [probeWith(b, lsRemote)] }));

  it("silent: GMD321 without a stall, less sure, no stall line in the evidence", () => {
    const [top] = probedOnly(banner({ connectMs: 3, code: "TIMEOUT" }), HUNG);
    expect(top).toMatchObject({ code: "GMD321", confidence: 0.7, title: "ssh to 127.0.0.1 port 2222 connects, but the server never sends its ssh banner" });
    expect(top!.evidence.join("\n")).not.toContain("nothing received");
  });

  it("closed before the banner: GMD321 from the probe's read", () => {
    const [top] = probedOnly(banner({ outcome: "closed", code: "SOCKET_CLOSED", ms: 2 }), { ok: false, ms: 20, repo: REPO, kind: "ssh-handshake", message: "kex_exchange_identification: Connection closed by remote host" });
    expect(top).toMatchObject({ code: "GMD321", title: "ssh to 127.0.0.1 port 2222: the server closes the connection before the ssh banner" });
  });

  it("look-alike: during a download that did not stall on git, a silent banner alone is no finding", () => {
    const fs = diagnoseEvidence(evidence({ outcome: "failed", ctx: ctx({ GOPROXY: "direct" }, {}, [`${MOD}@v1.0.0`]), probes: [probeWith(banner({ code: "TIMEOUT" }), HUNG)] }));
    expect(codes(fs)).not.toContain("GMD321");
  });
});

describe("GMD304/GMD305 (vcs.ts): the endpoint the rewrite sends ssh to, not the module's host", () => {
  const failedWith = (lines: string[], lsRemote: Parameters<typeof probeWith>[1]) =>
    diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: "direct", GOPRIVATE: "git.corp.test" }, {}, [`${MOD}@v1.0.0`]),
        trace: trace({ errors: [lsRemoteFailed([...lines, ...GIT_TAIL])] }),
        probes: [probeWith(banner({ ok: true, outcome: "banner", banner: "SSH-2.0-OpenSSH_9.2p1", ms: 3 }), lsRemote)],
      }),
    );

  it("Host key verification failed (ssh names no host): host and port from the probe; keyscan asks that port", () => {
    const fs = failedWith(["Host key verification failed."], { ok: false, ms: 30, repo: REPO, kind: "host-key", stderr: "Host key verification failed.\r\nfatal: Could not read from remote repository." });
    expect(fs[0]).toMatchObject({ code: "GMD305", title: "ssh does not know the host key of 127.0.0.1 port 2222", modules: [MOD] });
    expect(fs[0]!.evidence.filter((l) => l.startsWith("Host key verification failed"))).toEqual(["Host key verification failed."]);
    expect(fs[0]!.evidence).toContain(`git rewrites ${RULE.from} to ${RULE.to} (url.insteadOf)`);
    expect(commands(fs[0]!)).toEqual(["ssh-keyscan -p 2222 -t ed25519 127.0.0.1 | tee -a ~/.ssh/known_hosts | ssh-keygen -lf -"]);
  });

  it("Permission denied (publickey): GMD304 with -p; the probe's ssh refusal is not an https credentials finding (GMD302)", () => {
    const fs = failedWith(["git@127.0.0.1: Permission denied (publickey)."], {
      ok: false,
      ms: 30,
      repo: REPO,
      kind: "auth",
      stderr: "git@127.0.0.1: Permission denied (publickey).\r\nfatal: Could not read from remote repository.",
    });
    expect(fs[0]).toMatchObject({ code: "GMD304", title: "ssh to 127.0.0.1 port 2222 refused the key (Permission denied (publickey))", modules: [MOD] });
    expect(commands(fs[0]!)).toContain("ssh -T -p 2222 git@127.0.0.1");
    expect(commands(fs[0]!)).toContain(`git config --global --unset url."${RULE.to}".insteadOf`);
    expect(codes(fs)).not.toContain("GMD302");
  });
});
