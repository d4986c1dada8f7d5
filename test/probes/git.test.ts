import { afterEach, describe, expect, it } from "vitest";
import { classifyGitStderr, gitLsRemote } from "../../src/probes/net/git.js";
import { blackhole, closeAll, httpServer, refusedPort } from "./servers.js";
import { processesMentioning } from "../helpers/processes.js";

afterEach(closeAll);


const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: "/nonexistent-gmd-home" };

describe("gitLsRemote", () => {
  it("kills git and its helpers at the deadline on a silent server", async () => {
    const port = await blackhole();
    const url = `http://127.0.0.1:${port}/r.git`;
    const start = performance.now();
    const facts = await gitLsRemote(url, { timeoutMs: 800, env });
    expect(facts).toMatchObject({ ok: false, kind: "timeout", code: "TIMEOUT", repo: url });
    expect(performance.now() - start).toBeLessThan(2500);
    expect(processesMentioning(`127.0.0.1:${port}`)).toEqual([]);
  });

  it("classifies a refused connection", async () => {
    const port = await refusedPort();
    const facts = await gitLsRemote(`http://127.0.0.1:${port}/r.git`, { timeoutMs: 5000, env });
    expect(facts).toMatchObject({ ok: false, kind: "refused" });
    expect(facts.stderr).toMatch(/Connection refused|Failed to connect/i);
  });

  it("does not prompt for credentials: a 401 ends at once as a prompt failure", async () => {
    const port = await httpServer((_req, res) => res.writeHead(401, { "www-authenticate": 'Basic realm="git"' }).end());
    const facts = await gitLsRemote(`http://127.0.0.1:${port}/r.git`, { timeoutMs: 5000, env });
    expect(facts).toMatchObject({ ok: false, kind: "prompt", code: "GIT_PROMPT" });
    expect(facts.ms).toBeLessThan(4000);
  });

  it("classifies a missing repository", async () => {
    const port = await httpServer((_req, res) => res.writeHead(404).end("nope"));
    const facts = await gitLsRemote(`http://127.0.0.1:${port}/r.git`, { timeoutMs: 5000, env });
    expect(facts).toMatchObject({ ok: false, kind: "not-found" });
  });

  it("redacts credentials in the repository URL and refuses option-like repos", async () => {
    const port = await refusedPort();
    const facts = await gitLsRemote(`http://me:tok3n@127.0.0.1:${port}/r.git`, { timeoutMs: 5000, env });
    expect(JSON.stringify(facts)).not.toContain("tok3n");
    expect(await gitLsRemote("--upload-pack=evil", { timeoutMs: 1000, env })).toMatchObject({ ok: false, code: "BAD_URL" });
  });
});

describe("classifyGitStderr", () => {
  it.each([
    ["fatal: could not read Username for 'https://git.corp': terminal prompts disabled", "prompt"],
    ["git@git.corp: Permission denied (publickey).\nfatal: Could not read from remote repository.", "auth"],
    ["Host key verification failed.\nfatal: Could not read from remote repository.", "host-key"],
    ["remote: Repository not found.\nfatal: repository 'https://github.com/a/b/' not found", "not-found"],
    ["fatal: unable to access 'https://x/': Could not resolve host: x", "dns"],
    ["fatal: unable to access 'https://x/': SSL certificate problem: self-signed certificate", "tls"],
    ["something else", "unknown"],
  ])("%s -> %s", (stderr, kind) => {
    expect(classifyGitStderr(stderr)).toBe(kind);
  });
});
