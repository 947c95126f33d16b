// The client cannot always know that its token expired (a wrong clock, a token revoked or shortened): the service then
// refuses it (Web PubSub at the WebSocket handshake, SignalR Service at its negotiate, both 401), and the client
// negotiates a fresh token with the app and connects with that.
import { assert, closeUserConnections, createClient, negotiatedToken, newId, newUser, now, onSignalR, publish, run, sign, startNetwork, tokenClaims, until } from "./harness.mjs";

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
    const token = sign({ ...tokenClaims(negotiatedToken(body)), iat: issued - 360, nbf: issued - 360, exp });
    if (onSignalR) return { ...body, accessToken: token };
    const url = new URL(body.url);
    url.searchParams.set("access_token", token);
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
    await closeUserConnections(alice, device.client);
  },
  "the old token is refused; the client negotiates and connects": async () => {
    await until(() => device.log.connected.length === 2, "connected again");
    assert.equal(device.log.negotiations.length, 2, "then a fresh negotiate");
    if (onSignalR) {
      // SignalR Service refuses the token at its own negotiate, before any WebSocket opens.
      const [first, fresh] = device.log.sockets;
      assert.equal(device.log.sockets.length, 2);
      assert.ok(tokenClaims(first.token).exp < now(), "the first connection had the short-lived token");
      assert.equal(fresh.token, negotiatedToken(device.log.negotiations[1]));
      assert.equal(fresh.opened, true);
    } else {
      const [first, refused, fresh] = device.log.sockets;
      assert.equal(device.log.sockets.length, 3);
      assert.equal(refused.url, first.url, "the cached URL was tried first: it looked valid");
      assert.equal(refused.opened, false, "and refused");
      assert.equal(fresh.url, device.log.negotiations[1].url);
      assert.equal(fresh.opened, true);
    }
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
