import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { vcsProbe, knownRepo } from "../../src/probes/vcs.js";
import { planProbes } from "../../src/probes/registry.js";
import { runProbes } from "../../src/probes/runner.js";
import type { ProbeOptions, VcsFacts } from "../../src/probes/types.js";
import { makeContext } from "./context.js";
import { blackhole, closeAll, httpServer } from "./servers.js";

afterEach(closeAll);
const homes: string[] = [];
afterAll(() => {
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

const options: ProbeOptions = { timeoutMs: 3000, mirrors: false, mirrorUrls: [], now: Date.now };

function home(host: string): string {
  const dir = mkdtempSync(join(tmpdir(), "gmd-home-"));
  homes.push(dir);
  writeFileSync(join(dir, ".netrc"), `machine ${host.split(":")[0]} login me password sup3rsecret\n`);
  writeFileSync(join(dir, ".gitconfig"), `[url "ssh://git@${host}/"]\n\tinsteadOf = https://${host}/\n[credential]\n\thelper = store\n`);
  return dir;
}

function gitProcessesFor(port: number): string[] {
  return readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .flatMap((pid) => {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
        return cmd.includes(`127.0.0.1:${port}`) && Number(pid) !== process.pid ? [cmd] : [];
      } catch {
        return [];
      }
    });
}

/** A go-import server (plain http, so GOINSECURE lets the probe fall back to it) pointing at `repo`. */
function metaServer(repo: (host: string) => string): Promise<number> {
  return httpServer((req, res) => {
    const host = req.headers.host ?? "";
    res.end(`<html><head><meta name="go-import" content="${host}/r git ${repo(host)}"></head></html>`);
  });
}

describe("vcs probe", () => {
  it("plans one task per host of direct modules only", () => {
    const ctx = makeContext(
      { require: [
        { path: "git.corp.invalid/a", version: "v1.0.0", indirect: false },
        { path: "git.corp.invalid/b", version: "v1.0.0", indirect: false },
        { path: "example.invalid/viaproxy", version: "v1.0.0", indirect: false },
      ] },
      { GOPROXY: "http://127.0.0.1:9", GOPRIVATE: "git.corp.invalid", GONOPROXY: "git.corp.invalid", GONOSUMDB: "git.corp.invalid" },
    );
    const tasks = planProbes(ctx, { reason: "preflight" }, options, [vcsProbe]);
    expect(tasks.map((t) => t.id)).toEqual(["vcs:git.corp.invalid"]);
    expect(knownRepo("github.com/acme/lib/v2")).toEqual({ vcs: "git", repo: "https://github.com/acme/lib" });
  });

  it("follows the meta tag to git, kills a hanging ls-remote, and reports settings without secrets", async () => {
    const silent = await blackhole();
    const port = await metaServer(() => `http://127.0.0.1:${silent}/r.git`);
    const host = `127.0.0.1:${port}`;
    const homeDir = home(host);
    const ctx = makeContext(
      { require: [{ path: `${host}/r`, version: "v1.0.0", indirect: false }] },
      { GOPROXY: "direct", GOINSECURE: host, GOAUTH: "netrc" },
      { HOME: homeDir, GIT_TERMINAL_PROMPT: "1" },
    );
    ctx.dir = homeDir; // git config is read from the module root
    const start = performance.now();
    const [result] = await runProbes(planProbes(ctx, { reason: "stall" }, options, [vcsProbe]), { timeoutMs: options.timeoutMs });
    expect(performance.now() - start).toBeLessThan(options.timeoutMs + 1000);
    const facts = result!.facts as unknown as VcsFacts;
    expect(facts.goImport).toMatchObject({ url: `http://${host}/r?go-get=1`, status: 200, meta: { prefix: `${host}/r`, vcs: "git", repo: `http://127.0.0.1:${silent}/r.git` } });
    expect(facts.lsRemote).toMatchObject({ ok: false, kind: "timeout", code: "TIMEOUT" });
    expect(result).toMatchObject({ status: "fail", error: { code: "TIMEOUT" } });
    expect(gitProcessesFor(silent)).toEqual([]);
    expect(facts.netrc).toMatchObject({ hasHost: true, hasPassword: true });
    // ssh://git@ is the hosts' shared ssh user, not a secret: it stays (a token in the userinfo would be masked whole).
    expect(facts.insteadOf).toEqual([{ from: `https://${host}/`, to: `ssh://git@${host}/` }]);
    // The machine's system git config may add helpers of its own.
    expect(facts.credentialHelpers).toContain("store");
    expect(facts).toMatchObject({ goauth: "netrc", canPrompt: true, promptSettings: { GIT_TERMINAL_PROMPT: "1" } });
    expect(JSON.stringify(result)).not.toContain("sup3rsecret");
  });

  it("classifies a repository that wants credentials", async () => {
    const auth = await httpServer((_req, res) => res.writeHead(401, { "www-authenticate": 'Basic realm="git"' }).end());
    const port = await metaServer(() => `http://127.0.0.1:${auth}/r.git`);
    const host = `127.0.0.1:${port}`;
    const ctx = makeContext({ require: [{ path: `${host}/r`, version: "v1.0.0", indirect: false }] }, { GOPROXY: "direct", GOINSECURE: host }, { HOME: home(host) });
    const [result] = await runProbes(planProbes(ctx, { reason: "failure" }, options, [vcsProbe]), { timeoutMs: options.timeoutMs });
    expect(result!.facts).toMatchObject({ lsRemote: { ok: false, kind: "prompt" }, canPrompt: false });
    expect(result!.status).toBe("fail");
  });

  it("does not fall back to http without GOINSECURE", async () => {
    const port = await metaServer(() => "http://127.0.0.1:9/r.git");
    const host = `127.0.0.1:${port}`;
    const ctx = makeContext({ require: [{ path: `${host}/r`, version: "v1.0.0", indirect: false }] }, { GOPROXY: "direct" }, { HOME: home(host) });
    const [result] = await runProbes(planProbes(ctx, { reason: "failure" }, options, [vcsProbe]), { timeoutMs: options.timeoutMs });
    const facts = result!.facts as unknown as VcsFacts;
    expect(facts.goImport?.url).toBe(`https://${host}/r?go-get=1`);
    expect(facts.goImport?.ok).toBe(false);
    expect(facts.lsRemote).toBeUndefined();
    expect(result!.status).toBe("fail");
  });
});
