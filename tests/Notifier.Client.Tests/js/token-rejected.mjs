// The client cannot always know that its URL expired (a wrong clock, a token revoked or shortened): the service then
// refuses the WebSocket handshake (401), and the client negotiates a fresh URL and connects with that.
import { assert, closeUserConnections, createClient, newId, newUser, now, publish, run, sign, startNetwork, tokenClaims, until } from "./harness.mjs";

const network = await startNetwork();
const alice = newUser("alice");
let deadAt = 0;
// The first URL carries a genuine token (same claims, same key) that expires a few seconds from now; the emulator
// honours 5 minutes of clock skew past `exp`, so `exp` is set that far back. negotiate's expiresAt still says an hour.
const device = createClient(alice, {
  rewriteNegotiate: (body, call) => {
    if (call !== 1) return body;
    const issued = now();
    const exp = issued - 300 + 3;
    deadAt = (exp + 300 + 1) * 1000;
    const url = new URL(body.url);
    url.searchParams.set("access_token", sign({ ...tokenClaims(body.url), iat: issued - 360, nbf: issued - 360, exp }));
    return { ...body, url: url.toString() };
  },
});

await run({
  "connect with the soon-dead token": async () => {
    await device.client.start();
    assert.equal(device.log.sockets.length, 1);
  },
  "the token dies while connected, and the service ends the connection": async () => {
    await until(() => Date.now() > deadAt, "the token has expired", 6000);
    await closeUserConnections(alice);
  },
  "the handshake with the old URL is refused; the client negotiates and connects": async () => {
    await until(() => device.log.connected.length === 2, "connected again");
    const [first, refused, fresh] = device.log.sockets;
    assert.equal(device.log.sockets.length, 3);
    assert.equal(refused.url, first.url, "the cached URL was tried first: it looked valid");
    assert.equal(refused.opened, false, "and refused");
    assert.equal(device.log.negotiations.length, 2, "then a fresh negotiate");
    assert.equal(fresh.url, device.log.negotiations[1].url);
    assert.equal(fresh.opened, true);
  },
  "and receives on the new connection": async () => {
    const id = newId();
    await publish({ id, to: { users: [alice] }, type: "hello", title: "after a refused token" });
    await until(() => device.log.notifications.some((n) => n.notification.id === id), "it arrives");
  },
}, {
  cleanup: async () => {
    device.client.stop();
    await network.close();
  },
});
