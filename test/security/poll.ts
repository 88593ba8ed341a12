/**
 * Asks `fact` every `every` ms until it holds, failing after `timeout`: for facts whose asking
 * costs something (a request against a rate limit), unlike the harness's fast `waitFor`.
 */
export async function poll(what: string, fact: () => Promise<boolean>, every: number, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await fact())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}
