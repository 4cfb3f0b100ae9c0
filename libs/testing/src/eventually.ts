/** Retries an assertion until it passes or the timeout ends (for asynchronously built views like the audit trail). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
