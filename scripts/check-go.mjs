#!/usr/bin/env node
// Test precondition: the integration tests run the real go command. Finds
// go1.23 (and go1.19), provisioning them from Debian's packages when we can;
// otherwise fails with one clear line.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const wanted = "/usr/lib/go-1.23/bin/go";
const provision = fileURLToPath(new URL("./provision-go.sh", import.meta.url));

function version(bin) {
  try {
    return execFileSync(bin, ["env", "GOVERSION"], { encoding: "utf8", env: { ...process.env, GOTOOLCHAIN: "local" }, timeout: 20_000 }).trim();
  } catch {
    return undefined;
  }
}

// The live ssh tests run a real sshd on loopback (fixtures/sshd.ts): provisioned with go.
const sshd = "/usr/sbin/sshd";
if ((!existsSync(wanted) || !existsSync(sshd)) && process.platform === "linux") {
  const r = spawnSync("bash", [provision], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", timeout: 300_000 });
  if (r.status !== 0) {
    const why = (r.stderr || "").trim().split("\n").filter(Boolean).pop() ?? "unknown error";
    console.error(`gomod-doctor tests need go1.23 at ${wanted} and it could not be provisioned: ${why}`);
    process.exit(1);
  }
}
const v = existsSync(wanted) ? version(wanted) : undefined;
if (!v) {
  console.error(`gomod-doctor tests need go1.23 at ${wanted} (Debian package golang-1.23-go from bookworm-backports; run: sudo bash scripts/provision-go.sh)`);
  process.exit(1);
}
if (process.platform === "linux" && !existsSync(sshd)) {
  console.error(`gomod-doctor tests need sshd at ${sshd} (Debian package openssh-server; run: sudo bash scripts/provision-go.sh)`);
  process.exit(1);
}
console.error(`using ${v} (${wanted})`);
