export interface IntervalJob {
  /** One run now, or the one under way. */
  runNow(): Promise<void>;
  /** No further runs; waits for the one under way. */
  stop(): Promise<void>;
}

/**
 * Runs `run` every `intervalMilliseconds`, one run at a time: a tick or a `runNow` during a run joins that run. `run`
 * reports its own outcome and must not reject. The timer does not keep the process alive.
 */
export function startIntervalJob(run: () => Promise<void>, intervalMilliseconds: number): IntervalJob {
  let running: Promise<void> | null = null;

  function runNow(): Promise<void> {
    running ??= run().finally(() => {
      running = null;
    });
    return running;
  }

  const timer = setInterval(() => void runNow(), intervalMilliseconds);
  timer.unref();
  return {
    runNow,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
