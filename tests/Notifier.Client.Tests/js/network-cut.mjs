// The network between the client and the service is cut twice (connections reset, no close handshake) while a backend
// publishes a stream of notifications: the client comes back each time (on Web PubSub by resuming its reliable
// session, on SignalR with a new connection and a catch-up from the inbox) and delivers every notification exactly
// once, in sequence order.
import { assert, assertExactlyOnceInOrder, createClient, newId, newUser, onSignalR, publish, run, startNetwork, status, until } from "./harness.mjs";

const COUNT = 90;
const network = await startNetwork();
const alice = newUser("alice");
const device = createClient(alice);
const published = [];
let publishing;

await run({
  "connect": async () => {
    await device.client.start();
  },
  "publish a stream, cutting the network twice in the middle of it": async () => {
    publishing = (async () => {
      for (let i = 1; i <= COUNT; i++) {
        const id = newId(`tick${i}`);
        await publish({ id, to: { users: [alice] }, type: "tick", title: String(i) });
        published.push(id);
        // Pace the stream so the cuts land in the middle of it.
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await until(() => device.log.notifications.length >= 15, "the first notifications arrive");
    network.cut();
    await until(() => device.log.connected.length >= 2 && device.log.notifications.length >= 45, "the client is back and receiving");
    network.cut();
    await publishing;
    await until(() => device.log.notifications.length >= COUNT, `all ${COUNT} arrive`, 15000);
  },
  "every notification exactly once, in order": async () => {
    assertExactlyOnceInOrder(device.log, published);
    assert.equal(device.client.lastSequence, COUNT);
  },
  "every one counts as delivered: acks in flight at a cut are not lost": async () => {
    const undelivered = async () => (await Promise.all(published.map(status))).filter((s) => s.delivered !== 1).length;
    await until(async () => (await undelivered()) === 0, "every notification counts delivered", 15000);
  },
  "each cut was a drop and a comeback without a new negotiate": async () => {
    assert.equal(device.log.disconnected.length, 2);
    for (const d of device.log.disconnected) assert.equal(d.willReconnect, true);
    assert.equal(device.log.connected.length, 3);
    const connectionIds = new Set(device.log.connected.map((c) => c.connectionId)).size;
    if (onSignalR) {
      // No resume in SignalR's JSON protocol: each comeback is a new connection, caught up from the inbox.
      assert.deepEqual(device.log.connected.map((c) => c.recovered), [false, false, false]);
      assert.equal(connectionIds, 3, "a new connection after each cut");
    } else {
      assert.deepEqual(device.log.connected.map((c) => c.recovered), [false, true, true]);
      assert.equal(connectionIds, 1, "one logical connection throughout");
    }
    // The token from the first negotiate is still good: neither transport asks the app again.
    assert.equal(device.log.negotiations.length, 1);
    assert.ok(network.accepted >= 3, `WebSocket connections through the network: ${network.accepted}`);
    assert.deepEqual(device.log.errors, []);
  },
}, {
  cleanup: async () => {
    device.client.stop();
    await network.close();
  },
});
