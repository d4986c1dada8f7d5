// Splits a byte stream into lines with bounded memory: a line longer than
// maxLine is cut (the rest dropped), so a log of any size, or a hostile
// stream with no newline, never grows the buffer past maxLine.
import { StringDecoder } from "node:string_decoder";

export const MAX_LINE = 64 * 1024;

export async function* splitLines(
  input: AsyncIterable<Buffer | string> | NodeJS.ReadableStream,
  maxLine = MAX_LINE,
): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  let pending = "";
  let overflow = false;
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const text = typeof chunk === "string" ? chunk : decoder.write(chunk);
    let start = 0;
    for (;;) {
      const nl = text.indexOf("\n", start);
      if (nl < 0) break;
      let line = overflow ? pending : pending + text.slice(start, nl);
      if (!overflow && line.length > maxLine) line = line.slice(0, maxLine);
      if (line.endsWith("\r")) line = line.slice(0, -1);
      yield line;
      pending = "";
      overflow = false;
      start = nl + 1;
    }
    if (!overflow) {
      pending += text.slice(start);
      if (pending.length > maxLine) {
        pending = pending.slice(0, maxLine);
        overflow = true;
      }
    }
  }
  pending += overflow ? "" : decoder.end();
  if (pending !== "") yield pending.endsWith("\r") ? pending.slice(0, -1) : pending;
}
