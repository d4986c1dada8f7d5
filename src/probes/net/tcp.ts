// TCP step: connect to each resolved address (in parallel, so one blackholed
// address does not eat the deadline of the others); the first success wins.
import { Socket } from "node:net";
import type { TcpFacts } from "../types.js";
import { classifyError } from "./errors.js";
import { elapsed, raceSignal, withDeadline } from "./deadline.js";

export interface TcpOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Connects to one address and closes at once; never sends a byte. */
export async function connectTcp(address: string, port: number, options: TcpOptions = {}): Promise<TcpFacts> {
  const start = performance.now();
  const signal = withDeadline(options.signal, options.timeoutMs);
  const socket = new Socket();
  const connected = new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("error", reject);
  });
  try {
    socket.connect({ host: address, port });
    await raceSignal(connected, signal, () => socket.destroy());
    return { ok: true, ms: elapsed(start), address, port };
  } catch (error) {
    const { code, message } = classifyError(error);
    return { ok: false, ms: elapsed(start), address, port, code, message };
  } finally {
    socket.destroy();
  }
}

/** Tries every address at once; reports the first that connects, else the first address's failure. */
export async function connectAny(addresses: string[], port: number, options: TcpOptions = {}): Promise<TcpFacts> {
  if (addresses.length === 0) return { ok: false, ms: 0, port, code: "ENOTFOUND", message: "no address to connect to" };
  const done = new AbortController();
  const signal = AbortSignal.any([withDeadline(options.signal, options.timeoutMs), done.signal]);
  const attempts = addresses.map((address) => connectTcp(address, port, { signal }));
  const firstOk = new Promise<TcpFacts | undefined>((resolve) => {
    for (const attempt of attempts) void attempt.then((facts) => facts.ok && resolve(facts));
    void Promise.all(attempts).then(() => resolve(undefined));
  });
  const winner = await firstOk;
  done.abort(); // the losers stop connecting
  if (winner) return winner;
  const all = await Promise.all(attempts);
  return all[0]!;
}
