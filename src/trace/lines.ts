// Splits a byte stream into lines with bounded memory: a line longer than
// maxLine is cut (the rest dropped), so a log of any size, or a hostile
// stream with no newline, never grows the buffer past maxLine. Line ends are
// `\n`, `\r\n` and a lone `\r` (progress output that redraws one line), so
// each redraw counts as a line. The result does not depend on chunking.
import { StringDecoder } from "node:string_decoder";

export const MAX_LINE = 64 * 1024;

export async function* splitLines(
  input: AsyncIterable<Buffer | Uint8Array | string> | NodeJS.ReadableStream,
  maxLine = MAX_LINE,
): AsyncGenerator<string> {
  for await (const lines of lineBatches(input, maxLine)) {
    for (let i = 0; i < lines.length; i++) yield lines[i]!;
  }
}

/**
 * The same lines, a chunk's worth at a time (never an empty batch): a caller
 * that handles each batch synchronously pays no promise per line.
 */
export async function* lineBatches(
  input: AsyncIterable<Buffer | Uint8Array | string> | NodeJS.ReadableStream,
  maxLine = MAX_LINE,
): AsyncGenerator<string[]> {
  const splitter = new LineSplitter(maxLine);
  for await (const chunk of input as AsyncIterable<Buffer | Uint8Array | string>) {
    const lines = splitter.push(chunk);
    if (lines.length > 0) yield lines;
  }
  const last = splitter.end();
  if (last !== undefined) yield [last];
}

/** The synchronous core: feed chunks, get the lines they complete. */
export class LineSplitter {
  private readonly decoder = new StringDecoder("utf8");
  private readonly maxLine: number;
  private pending = "";
  /** The pending line already hit maxLine: drop text until the next line end. */
  private overflow = false;
  /** The last chunk ended in `\r`: a `\n` that starts the next one is part of it. */
  private afterCR = false;

  constructor(maxLine = MAX_LINE) {
    this.maxLine = Math.max(1, maxLine);
  }

  push(chunk: Buffer | Uint8Array | string): string[] {
    const text = typeof chunk === "string" ? chunk : this.decoder.write(chunk as Buffer);
    const out: string[] = [];
    let start = 0;
    if (this.afterCR && text.length > 0) {
      if (text.charCodeAt(0) === 10) start = 1;
      this.afterCR = false;
    }
    let nl = text.indexOf("\n", start);
    let cr = text.indexOf("\r", start);
    while (nl >= 0 || cr >= 0) {
      const end = cr >= 0 && (nl < 0 || cr < nl) ? cr : nl;
      out.push(this.take(text, start, end));
      start = end + 1;
      if (end === cr) {
        if (start === text.length) this.afterCR = true;
        else if (text.charCodeAt(start) === 10) start++;
        cr = text.indexOf("\r", start);
      }
      if (nl >= 0 && nl < start) nl = text.indexOf("\n", start);
    }
    this.keep(text, start);
    return out;
  }

  /** The last line, if the input did not end with a line end. */
  end(): string | undefined {
    const rest = this.decoder.end();
    if (rest) this.keep(rest, 0);
    const last = this.pending;
    this.pending = "";
    this.overflow = false;
    this.afterCR = false;
    return last === "" ? undefined : last;
  }

  private take(text: string, start: number, end: number): string {
    let line: string;
    if (this.overflow) line = this.pending;
    else if (this.pending === "") line = end - start > this.maxLine ? text.slice(start, start + this.maxLine) : text.slice(start, end);
    else line = (this.pending + text.slice(start, Math.min(end, start + this.maxLine))).slice(0, this.maxLine);
    this.pending = "";
    this.overflow = false;
    return line;
  }

  private keep(text: string, start: number): void {
    if (this.overflow || start >= text.length) return;
    this.pending += text.slice(start, start + this.maxLine - this.pending.length + 1);
    if (this.pending.length > this.maxLine) {
      this.pending = this.pending.slice(0, this.maxLine);
      this.overflow = true;
    }
  }
}
