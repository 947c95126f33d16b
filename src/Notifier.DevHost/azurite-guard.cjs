// Preloaded into the Azurite process by the local stack (node -r azurite-guard.cjs azurite.js ...).
// When the stack that started Azurite is gone without stopping it (killed, crashed), the parent process id changes;
// Azurite is then asked to stop as on SIGTERM, which saves its data, so no orphan keeps the ports.
'use strict';

const parent = process.ppid;
const timer = setInterval(() => {
  if (process.ppid !== parent) {
    clearInterval(timer);
    process.kill(process.pid, 'SIGTERM');
  }
}, 1000);
timer.unref();
