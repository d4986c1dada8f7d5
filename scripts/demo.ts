// `npm run demo`: gomod-doctor against a bundled misbehaving module proxy on
// 127.0.0.1. The proxy serves a small project's modules but stops sending
// example.com/big's zip after 64 KiB and holds the connection open: the
// classic silent hang. The tool watches go, notices, ends it, and diagnoses.
import { execa } from "execa";
import { fileURLToPath } from "node:url";
import { startProxy } from "../fixtures/proxy.js";
import { makeProject } from "../fixtures/projects.js";
import { isolatedGoEnv } from "../fixtures/go-env.js";

const bin = fileURLToPath(new URL("../../bin/gomod-doctor.js", import.meta.url));
const proxy = await startProxy({ faults: [{ module: "example.com/big", kind: "zip", mode: { type: "stall-body", afterBytes: 64 * 1024 } }] });
const project = await makeProject("big");
const go = await isolatedGoEnv({ proxy: proxy.url });
try {
  process.stderr.write(
    `demo: a module proxy at ${proxy.url} stops example.com/big's zip after 64 KiB and never closes.\n` +
      `demo: running  gomod-doctor diagnose --stall-timeout 5  in a project that requires it (GOPROXY=${proxy.url})\n\n`,
  );
  const run = await execa("node", [bin, "diagnose", project.dir, "--stall-timeout", "5", "--probe-timeout", "3", ...process.argv.slice(2)], {
    env: go.env,
    extendEnv: false,
    stdio: "inherit",
    reject: false,
    timeout: 120_000,
  });
  process.stderr.write(`\ndemo: gomod-doctor exited ${run.exitCode} (3 = stalled and diagnosed)\n`);
  process.exitCode = run.exitCode === 3 ? 0 : 1;
} finally {
  await proxy.close();
  await project.cleanup();
  await go.cleanup();
}
