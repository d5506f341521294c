/**
 * Starts the requests one per turn of the event loop, in the order they arrived.
 *
 * On the embedded database a request's statements run on the event loop itself, so a request runs from its first line
 * to its answer without giving the loop back. At each turn Node reads every request that has arrived and runs them all,
 * one after another; a request that arrives a moment after that read waits for the whole batch and only then for the
 * requests of its own. Under load that made some answers wait twice as long as the rest. Started one per turn, with
 * the sockets read in between, a request waits only for those that arrived before it; the work per request is the
 * same. (A server database gives the loop back at every statement, so there requests do not run in such batches.)
 */
export function requestsInTurn<Args extends unknown[], Result>(
  handle: (...args: Args) => Result | Promise<Result>,
): (...args: Args) => Promise<Result> {
  const waiting: Array<() => void> = [];
  let isTurnBooked = false;
  const startNext = (): void => {
    const start = waiting.shift();
    if (waiting.length === 0) {
      isTurnBooked = false;
    } else {
      setImmediate(startNext);
    }
    start?.();
  };
  return (...args) =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (!isTurnBooked) {
        isTurnBooked = true;
        setImmediate(startNext);
      }
    }).then(() => handle(...args));
}
