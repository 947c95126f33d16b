// The browser's `offline` and `online` events: offline makes the client check its connection at once (instead of at
// the next ping) and stop retrying a network that is not there; online makes it reconnect at once instead of at the
// end of a long backoff. Node has no such events, so a window-like EventTarget stands in for the browser's.
import { assert, assertExactlyOnceInOrder, createClient, newId, newUser, publish, run, startNetwork, until } from "./harness.mjs";

const browser = new EventTarget();
globalThis.addEventListener = browser.addEventListener.bind(browser);
globalThis.removeEventListener = browser.removeEventListener.bind(browser);

const network = await startNetwork();
const alice = newUser("alice");
// Pings are rare here: only the offline event can explain a fast detection.
const device = createClient(alice, { ping: { intervalMs: 60000, timeoutMs: 400 }, reconnect: { initialDelayMs: 100, maxDelayMs: 20000 } });
const first = newId("first");
const whileOffline = newId("offline");
let offlineAt = 0;
let onlineAt = 0;

await run({
  "connect and receive": async () => {
    await device.client.start();
    await publish({ id: first, to: { users: [alice] }, type: "hello", title: "first" });
    await until(() => device.log.notifications.length === 1, "it arrives");
  },
  "the network goes away and the browser says offline: the dead connection is noticed at once": async () => {
    network.stall();
    network.block();
    offlineAt = Date.now();
    browser.dispatchEvent(new Event("offline"));
    await until(() => device.log.disconnected.length === 1, "the client drops the connection", 3000);
    assert.ok(Date.now() - offlineAt < 3000, `noticed after ${Date.now() - offlineAt} ms`);
  },
  "while offline the client does not hammer the network": async () => {
    await publish({ id: whileOffline, to: { users: [alice] }, type: "hello", title: "while offline" });
    const attempts = network.attempts;
    // Absence can only be observed over time: a second of quiet, where the normal backoff would have tried already.
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(network.attempts, attempts, "no connection attempts while offline");
    assert.equal(device.client.state, "reconnecting");
  },
  "back online: the client reconnects at once and resumes": async () => {
    network.unblock();
    onlineAt = Date.now();
    browser.dispatchEvent(new Event("online"));
    await until(() => device.log.connected.length === 2, "connected again", 5000);
    assert.ok(Date.now() - onlineAt < 3000, `reconnected ${Date.now() - onlineAt} ms after online`);
    assert.equal(device.log.connected[1].recovered, true);
    await until(() => device.log.notifications.length === 2, "the notification sent while offline arrives");
    assertExactlyOnceInOrder(device.log, [first, whileOffline]);
  },
  "stop() removes the listeners": async () => {
    device.client.stop();
    browser.dispatchEvent(new Event("online"));
    assert.equal(device.client.state, "stopped");
  },
}, {
  cleanup: async () => {
    device.client.stop();
    await network.close();
  },
});
