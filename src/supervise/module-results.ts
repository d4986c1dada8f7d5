// `go mod download -json` results (stdout) as module-result events.
import { StringDecoder } from "node:string_decoder";
import type { Event } from "../trace/events.js";
import { JsonObjectSplitter } from "../trace/json-objects.js";

interface DownloadJson {
  Path?: unknown;
  Version?: unknown;
  Error?: unknown;
}

export function moduleResultEvent(value: unknown, t: number): Event | undefined {
  const obj = value as DownloadJson;
  if (typeof obj?.Path !== "string") return undefined;
  const version = typeof obj.Version === "string" ? obj.Version : "";
  const error = typeof obj.Error === "string" ? obj.Error : undefined;
  return { t, kind: "module-result", module: obj.Path, version, ...(error ? { error } : {}) };
}

export async function* moduleResultEvents(stream: AsyncIterable<Buffer | string>, now: () => number): AsyncGenerator<Event> {
  const splitter = new JsonObjectSplitter();
  const decoder = new StringDecoder("utf8");
  for await (const chunk of stream) {
    for (const obj of splitter.push(typeof chunk === "string" ? chunk : decoder.write(chunk))) {
      const event = moduleResultEvent(obj, now());
      if (event) yield event;
    }
  }
}
