// Small helpers shared by the MQTT publishers.

/** The message of a thrown value. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The URL with its password masked, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** Resolves true once `promise` settles, or false on abort or timeout, whichever comes first. */
export function settledWithin(
  promise: Promise<unknown>,
  options: { signal?: AbortSignal; timeoutMs?: number },
): Promise<boolean> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = (settled: boolean): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(settled);
    };
    const onAbort = (): void => finish(false);
    if (options.signal?.aborted) return finish(false);
    options.signal?.addEventListener('abort', onAbort);
    if (options.timeoutMs !== undefined) timer = setTimeout(() => finish(false), options.timeoutMs);
    promise.then(
      () => finish(true),
      () => finish(true),
    );
  });
}
