// Ctrl-C and SIGTERM become an AbortSignal, so the engine can end the go
// process tree and still report, instead of the tool dying with orphans.
export function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  let count = 0;
  const handler = (sig: NodeJS.Signals) => {
    count++;
    controller.abort(new Error(`received ${sig}`));
    // A second Ctrl-C while cleaning up means "now".
    if (count > 1) process.exit(130);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  process.on("SIGHUP", handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
      process.off("SIGHUP", handler);
    },
  };
}
