// The URL from negotiate carries a token that the service checks only when a connection opens. When the logical
// connection ends (here: the service closes it) and the token has expired since, the client negotiates a fresh URL
// instead of retrying the dead one forever.
import { assert, closeUserConnections, createClient, newId, newUser, publish, run, startNetwork, until } from "./harness.mjs";

const network = await startNetwork();
const alice = newUser("alice");
let expiresAt = 0;
// The first negotiate answer says the URL expires in a second (the token itself is good for an hour).
const device = createClient(alice, {
  rewriteNegotiate: (body, call) => {
    if (call !== 1) return body;
    expiresAt = Date.now() + 1000;
    return { ...body, expiresAt: new Date(expiresAt).toISOString() };
  },
});

await run({
  "connect with the short-lived URL": async () => {
    await device.client.start();
    assert.equal(device.log.negotiations.length, 1);
  },
  "the URL expires while connected; nothing happens (the token only matters at connect)": async () => {
    // The expiry is compared on the client's clock, corrected by the response's Date header (whole seconds).
    await until(() => Date.now() > expiresAt + 1100, "the URL has expired", 5000);
    assert.equal(device.log.disconnected.length, 0);
  },
  "the service ends the connection: the client negotiates a new URL before reconnecting": async () => {
    await closeUserConnections(alice);
    await until(() => device.log.connected.length === 2, "connected again");
    assert.equal(device.log.disconnected.length, 1);
    assert.equal(device.log.negotiations.length, 2, "a fresh negotiate");
    assert.equal(device.log.sockets.length, 2, "the expired URL was never tried");
    assert.notEqual(device.log.sockets[1].url, device.log.sockets[0].url);
    assert.equal(device.log.sockets[1].url, device.log.negotiations[1].url);
    assert.equal(device.log.connected[1].recovered, false, "a new logical connection");
    assert.notEqual(device.log.connected[1].connectionId, device.log.connected[0].connectionId);
  },
  "and receives on the new connection": async () => {
    const id = newId();
    await publish({ id, to: { users: [alice] }, type: "hello", title: "after renegotiating" });
    await until(() => device.log.notifications.some((n) => n.notification.id === id), "it arrives");
    assert.deepEqual(device.log.errors, []);
  },
}, {
  cleanup: async () => {
    device.client.stop();
    await network.close();
  },
});
