/** Polls `check` every `pollMs` until it holds, for at most `seconds`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  seconds: number,
  pollMs = 200,
): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not so within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
