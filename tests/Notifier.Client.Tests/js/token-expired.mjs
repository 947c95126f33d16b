// Negotiate hands out a token (in Web PubSub's URL, or SignalR's accessToken) that the service checks only when a
// connection opens. When the connection ends (here: the service closes it) and the token has expired since, the client
// negotiates a fresh one instead of retrying the dead one forever.
import { assert, closeUserConnections, createClient, negotiatedToken, newId, newUser, onSignalR, publish, run, startNetwork, until } from "./harness.mjs";

const network = await startNetwork();
const alice = newUser("alice");
let expiresAt = 0;
let shortLived = true;
// While connecting, negotiate answers say the token expires in three seconds (it is good for an hour). SignalR's
// connect asks for the token again at the service's negotiate: on a slow machine that can come too close to the
// expiry, and the client then rightly negotiates once more, so every answer until connected is short-lived.
const device = createClient(alice, {
  rewriteNegotiate: (body) => {
    if (!shortLived) return body;
    expiresAt = Date.now() + 3000;
    return { ...body, expiresAt: new Date(expiresAt).toISOString() };
  },
});
let negotiatedToConnect = 0;

await run({
  "connect with the short-lived URL": async () => {
    await device.client.start();
    shortLived = false;
    negotiatedToConnect = device.log.negotiations.length;
    if (!onSignalR) assert.equal(negotiatedToConnect, 1);
    assert.equal(device.log.sockets.length, 1);
  },
  "the URL expires while connected; nothing happens (the token only matters at connect)": async () => {
    // The expiry is compared on the client's clock, corrected by the response's Date header (whole seconds).
    await until(() => Date.now() > expiresAt + 1100, "the URL has expired", 8000);
    assert.equal(device.log.disconnected.length, 0);
  },
  "the service ends the connection: the client negotiates a new URL before reconnecting": async () => {
    await closeUserConnections(alice, device.client);
    await until(() => device.log.connected.length === 2, "connected again");
    assert.equal(device.log.disconnected.length, 1);
    assert.equal(device.log.negotiations.length, negotiatedToConnect + 1, "a fresh negotiate");
    assert.equal(device.log.sockets.length, 2, "the expired token was never tried");
    assert.notEqual(device.log.sockets[1].token, device.log.sockets[0].token);
    assert.equal(device.log.sockets[1].token, negotiatedToken(device.log.negotiations.at(-1)));
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
