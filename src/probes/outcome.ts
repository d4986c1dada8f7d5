// Turning endpoint facts into a probe outcome: the status and the error of
// the first failing link. The facts stay complete; this is only the headline.
import type { EndpointFacts, ProbeResult, StepFacts } from "./types.js";

type Outcome = Pick<ProbeResult, "status" | "error">;

export function stepError(step: StepFacts | undefined, fallback: string): ProbeResult["error"] | undefined {
  if (!step || step.ok) return undefined;
  return { code: step.code ?? fallback, message: step.message ?? `${fallback} failed` };
}

/** `fail` at the first broken link; `warn` when the server answered 404/410 (the module is unknown there). */
export function endpointOutcome(facts: EndpointFacts): Outcome {
  const step = facts.failedStep;
  if (!step) return { status: "ok" };
  const error = stepError(facts[step], step.toUpperCase());
  const status = step === "http" && (facts.http?.status === 404 || facts.http?.status === 410) ? "warn" : "fail";
  return { status, ...(error ? { error } : {}) };
}

/** A stable task id: `<probe>:<target>`. */
export function taskId(probe: string, target: string): string {
  return `${probe}:${target}`;
}
