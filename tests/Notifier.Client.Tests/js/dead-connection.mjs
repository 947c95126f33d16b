// The network silently stops carrying the connection: no FIN, no RST, nothing arrives. The client notices that its
// pings go unanswered, drops the connection, resumes its session over a new one and gets what was sent meanwhile.
import { assert, assertExactlyOnceInOrder, createClient, newId, newUser, publish, run, startNetwork, until } from "./harness.mjs";

const network = await startNetwork();
const alice = newUser("alice");
const device = createClient(alice, { ping: { intervalMs: 250, timeoutMs: 500 } });
const first = newId("first");
const during = newId("during");
let stalledAt = 0;

await run({
  "connect and receive": async () => {
    await device.client.start();
    await publish({ id: first, to: { users: [alice] }, type: "hello", title: "first" });
    await until(() => device.log.notifications.length === 1, "it arrives");
  },
  "the network goes silent, and a notification is sent into the void": async () => {
    network.stall();
    stalledAt = Date.now();
    await publish({ id: during, to: { users: [alice] }, type: "hello", title: "during" });
  },
  "missing pongs reveal the dead connection within interval + timeout": async () => {
    await until(() => device.log.disconnected.length === 1, "the client drops the connection", 5000);
    const elapsed = Date.now() - stalledAt;
    assert.ok(elapsed < 3000, `noticed after ${elapsed} ms`);
    assert.equal(device.log.disconnected[0].code, 4001);
    assert.match(device.log.disconnected[0].reason, /pong/);
  },
  "the client resumes over a new connection and delivers what was sent meanwhile, once": async () => {
    await until(() => device.log.connected.length === 2, "connected again");
    assert.equal(device.log.connected[1].recovered, true);
    await until(() => device.log.notifications.length === 2, "the notification sent during the stall arrives");
    assertExactlyOnceInOrder(device.log, [first, during]);
    assert.equal(network.accepted, 2);
    assert.equal(device.log.negotiations.length, 1);
  },
}, {
  cleanup: async () => {
    device.client.stop();
    await network.close();
  },
});
