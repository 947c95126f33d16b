// Preloaded into the Azurite process by the local stack (node --require azurite-guard.cjs azurite.js ...), so that
// Azurite outlives the stack long enough to save its data when the stack dies without stopping it (kill -9, a crash).
// Azurite keeps its database in memory and writes it out on a timer and when it stops on SIGTERM or SIGINT.
'use strict';

const fs = require('fs');

// 1. Output goes to a log file, not to pipes the stack reads: once the stack is gone, a write to its pipe fails with
//    EPIPE, and that error would end Azurite on the spot, before it saves anything. The stack reads the log instead.
const logPath = process.env.NOTIFIER_AZURITE_LOG;
let log = null;
if (logPath) {
  log = fs.openSync(logPath, 'a');
  const toLog = function (chunk, encoding, callback) {
    if (typeof encoding === 'function') {
      callback = encoding;
      encoding = undefined;
    }

    try {
      if (typeof chunk === 'string') {
        fs.writeSync(log, chunk, null, encoding || 'utf8');
      } else {
        fs.writeSync(log, chunk);
      }
    } catch {
      // A full disk must not end Azurite either.
    }

    if (typeof callback === 'function') {
      process.nextTick(callback);
    }

    return true;
  };
  process.stdout.write = toLog;
  process.stderr.write = toLog;

  // Node prints a fatal error itself, straight to the stderr descriptor: note it here first, so the log has it.
  process.on('uncaughtExceptionMonitor', (error) => note(`Azurite failed: ${(error && error.stack) || error}`));
}

function note(line) {
  if (log !== null) {
    try {
      fs.writeSync(log, `${new Date().toISOString()} ${line}\n`);
    } catch {
      // As above.
    }
  }
}

// 2. One stop at a time. Azurite listens for the first SIGTERM or SIGINT only (once), and a second one would then
//    end it at once, in the middle of saving. Listening here as well keeps the signals handled; until Azurite listens
//    too (still starting, nothing to save), a signal ends the process as it would have without this script.
let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    if (!stopping && process.listenerCount(signal) === 1) {
      process.exit(signal === 'SIGTERM' ? 143 : 130);
    }

    if (!stopping) {
      note(`Azurite is stopping (${signal}): saving data.`);
    }

    stopping = true;
  });
}

// 3. The stack gone: stop as on SIGTERM, which saves the data, so no orphan keeps the ports either. The stack holds
//    the other end of stdin, which the system closes when the stack dies however it dies, so that is noticed at once;
//    a changed parent process id is the fallback where stdin is not a pipe.
let parentGone = false;
function onParentGone(how) {
  if (parentGone) {
    return;
  }

  parentGone = true;
  clearInterval(timer);
  note(`The local stack is gone (${how}).`);
  if (!stopping) {
    process.kill(process.pid, 'SIGTERM');
  }
}

const parent = process.ppid;
const timer = setInterval(() => {
  if (process.ppid !== parent) {
    onParentGone('the parent process changed');
  }
}, 1000);
timer.unref();

let stdinIsPipe = false;
try {
  stdinIsPipe = fs.fstatSync(0).isFIFO();
} catch {
  // No stdin at all.
}

if (stdinIsPipe) {
  process.stdin.on('data', () => {});
  process.stdin.on('end', () => onParentGone('its end of stdin closed'));
  process.stdin.on('error', () => onParentGone('its end of stdin failed'));
  // Reading stdin must not keep Azurite running once it has stopped its services.
  process.stdin.unref();
}
