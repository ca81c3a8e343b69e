/**
 * Runs `task` at start and then `intervalMs` after each run ends (never two at once); a
 * failure is reported and the next run comes as usual. `stop` waits for a run in progress.
 * The task may check `stopping()` to end a long run early.
 */
export function createRepeatingTask(
  task: (stopping: () => boolean) => Promise<void>,
  intervalMs: number,
  onError: (error: Error) => void,
) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const stopping = () => stopped;

  function run(): void {
    running = task(stopping)
      .catch((error: unknown) => onError(error as Error))
      .finally(schedule);
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(run, intervalMs);
    timer.unref();
  }

  return {
    start: run,
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
