// Reconnect delays: exponential backoff with full jitter, capped.

/**
 * The delay before reconnect attempt `attempt` (0 = the first retry after a drop): a random time between 0 and
 * min(maxDelayMs, initialDelayMs * 2^attempt). Full jitter spreads out clients that lost the service at the same
 * moment, so they do not all come back at once.
 * @param {number} attempt
 * @param {number} initialDelayMs
 * @param {number} maxDelayMs
 * @param {() => number} [random] returns [0, 1)
 * @returns {number}
 */
export function backoffDelay(attempt, initialDelayMs, maxDelayMs, random = Math.random) {
  const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
