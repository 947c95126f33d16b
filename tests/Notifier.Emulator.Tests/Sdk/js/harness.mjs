// Shared bits of the official-SDK scripts: environment, waiting with deadlines, failing loudly.
import assert from "node:assert/strict";

export const connectionString = required("EMULATOR_CONNECTION_STRING");
export const endpoint = new URL(required("EMULATOR_ENDPOINT"));

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** Resolves when predicate() is true; rejects after timeoutMs. Polls: no fixed sleeps. */
export async function until(predicate, what, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Runs the named steps in order; prints each; exits non-zero on the first failure. */
export async function run(steps) {
  const watchdog = setTimeout(() => {
    console.error("script timed out");
    process.exit(3);
  }, 80000);
  try {
    for (const [name, step] of Object.entries(steps)) {
      console.log(`- ${name}`);
      await step();
    }
    console.log("ok");
    clearTimeout(watchdog);
    process.exit(0);
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
}

export { assert };
