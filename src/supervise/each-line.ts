// Calls fn for each line of a stream, all lines of a chunk in one go. go
// writes its trace a line per write, so chunks are small and many: 'data'
// events cost far less per chunk than an async iterator's promise round
// trip, and an async step per line cost more than parsing the line.
import { LineSplitter } from "../trace/lines.js";

/** Resolves at the stream's end; rejects on a stream error or when fn throws (the rest is then drained unread). */
export function eachLine(stream: NodeJS.ReadableStream, fn: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const splitter = new LineSplitter();
    const fail = (error: unknown): void => {
      stream.removeListener("data", onData);
      stream.resume(); // drained unread: a writer (go) must never block on a full pipe
      reject(error);
    };
    const onData = (chunk: Buffer | string): void => {
      try {
        const lines = splitter.push(chunk);
        for (let i = 0; i < lines.length; i++) fn(lines[i]!);
      } catch (error) {
        fail(error);
      }
    };
    stream.on("data", onData);
    stream.once("error", fail);
    let ended = false;
    const onEnd = (): void => {
      if (ended) return;
      ended = true;
      try {
        const last = splitter.end();
        if (last !== undefined) fn(last);
        resolve();
      } catch (error) {
        reject(error);
      }
    };
    stream.once("end", onEnd);
    stream.once("close", onEnd); // destroyed before its end

  });
}
