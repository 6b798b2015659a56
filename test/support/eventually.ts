/** Retries an assertion until it holds or the time is up: for work that happens asynchronously. */
export async function eventually<T>(probe: () => T | Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  // Asking less often the longer it takes: a loaded machine is not loaded further by the asking.
  for (let pause = 100; ; pause = Math.min(1_000, pause * 1.5)) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
