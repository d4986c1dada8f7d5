// The fixture proxy in a process of its own, for the overhead benchmark: a
// real proxy runs on another machine, so its CPU must not be taken from the
// process being measured or from the one measuring. Run as a script, it
// starts the proxy (answers delayed by argv[2] ms, if given), prints its URL
// on one line and serves until stdin closes.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { startProxy } from "../fixtures/proxy.js";

export interface ProxyProcess {
  url: string;
  close(): Promise<void>;
}

/** Starts this file as a child process; resolves with the proxy's URL. */
export async function startProxyProcess(opts: { delayMs?: number } = {}): Promise<ProxyProcess> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, [script, String(opts.delayMs ?? 0)], { stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("proxy process: no URL within 10 s")), 10_000);
    createInterface({ input: child.stdout }).once("line", (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once("exit", (code) => reject(new Error(`proxy process exited (${code})`)));
  });
  return {
    url,
    async close() {
      child.stdin.end();
      const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(killer);
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const delayMs = Number(process.argv[2] ?? 0);
  const proxy = await startProxy(delayMs > 0 ? { faults: [{ mode: { type: "delay", ms: delayMs } }] } : {});
  process.stdout.write(`${proxy.url}\n`);
  process.stdin.resume();
  process.stdin.once("end", () => void proxy.close().then(() => process.exit(0)));
}
