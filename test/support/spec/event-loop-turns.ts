/** Runs `work` while counting the turns of the event loop that other work got meanwhile. */
export async function turnsDuring(
  work: () => Promise<unknown>,
): Promise<number> {
  let turns = 0;
  let running = true;
  const tick = (): void => {
    turns++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  await work();
  running = false;
  return turns;
}
