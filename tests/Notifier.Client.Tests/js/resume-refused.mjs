// When the reliable session cannot be resumed, the client starts a new one through negotiate and fills the gap from
// the inbox. Two ways a resume fails: the service no longer knows the connection (it closes the resumed socket with
// 1008), or the resume attempt is refused outright (no route to the service).
import { assert, assertExactlyOnceInOrder, closeUserConnections, createClient, newId, newUser, publish, run, startNetwork, until } from "./harness.mjs";

const network = await startNetwork();
const alice = newUser("alice");
const device = createClient(alice, { ping: { intervalMs: 250, timeoutMs: 500 } });
const ids = Array.from({ length: 5 }, (_, i) => newId(`n${i + 1}`));
const isResume = (socket) => new URL(socket.url).searchParams.has("awps_connection_id");
const notify = (id) => publish({ id, to: { users: [alice] }, type: "hello", title: id });

await run({
  "connect and receive": async () => {
    await device.client.start();
    await notify(ids[0]);
    await until(() => device.log.notifications.length === 1, "it arrives");
  },
  "1008: the session ends on the service while the client cannot hear it": async () => {
    network.stall();
    // The service ends the logical connection; its goodbye is lost in the silent network.
    await closeUserConnections(alice);
    await notify(ids[1]);
    await notify(ids[2]);
    await until(() => device.log.connected.length === 2, "connected again", 8000);
    const [, resume, fresh] = device.log.sockets;
    assert.ok(isResume(resume), "the client first tried to resume");
    assert.equal(resume.code, 1008, "the service refused the resume with 1008");
    assert.ok(!isResume(fresh));
    assert.equal(device.log.negotiations.length, 2, "then negotiated a new URL");
    assert.equal(fresh.url, device.log.negotiations[1].url);
    assert.equal(device.log.connected[1].recovered, false);
  },
  "what the service could not push meanwhile comes from the inbox": async () => {
    await until(() => device.log.notifications.length === 3, "both missed notifications arrive");
    assertExactlyOnceInOrder(device.log, ids.slice(0, 3));
    assert.deepEqual(device.log.notifications.slice(1).map((n) => n.source), ["catch-up", "catch-up"]);
  },
  "refused: the network drops the connection and then refuses the resume attempt": async () => {
    const socketsBefore = device.log.sockets.length;
    const negotiationsBefore = device.log.negotiations.length;
    network.block();
    network.cut();
    await notify(ids[3]);
    await until(() => device.log.sockets.length >= socketsBefore + 2, "a resume attempt and a new attempt");
    const [resume, next] = device.log.sockets.slice(socketsBefore);
    assert.ok(isResume(resume) && !resume.opened, "the resume attempt was refused");
    assert.ok(!isResume(next), "the next attempt starts a new session");
    assert.ok(device.log.negotiations.length > negotiationsBefore, "with a freshly negotiated URL");
    network.unblock();
    await until(() => device.log.connected.length === 3, "connected again");
    assert.equal(device.log.connected[2].recovered, false);
    await notify(ids[4]);
    await until(() => device.log.notifications.length === 5, "the missed and the next notification arrive");
    assertExactlyOnceInOrder(device.log, ids);
    assert.equal(device.log.notifications[3].source, "catch-up");
  },
}, {
  cleanup: async () => {
    device.client.stop();
    await network.close();
  },
});
