// A long offline period: the client stops (its connection ends on the service), 150 notifications arrive meanwhile,
// and a restart delivers all of them in order through the inbox, page by page. A reload (a new client instance that
// starts from the stored sequence) resumes from there: nothing is repeated, nothing missed. NotifierClient stores the
// sequence itself (the storage option); SignalRNotifierClient has no storage, so there the page keeps lastSequence
// and passes it as `since`, as its README says.
import { assert, assertExactlyOnceInOrder, createClient, newId, newUser, onSignalR, publish, run, startNetwork, status, until } from "./harness.mjs";

const network = await startNetwork();
const alice = newUser("alice");
const saved = new Map();
const storage = { get: (key) => saved.get(key) ?? null, set: (key, value) => void saved.set(key, value) };
const first = createClient(alice, onSignalR ? {} : { storage });
let reloaded;
const before = newId("before");
const offline = Array.from({ length: 150 }, (_, i) => newId(`offline${i + 1}`));
const after = newId("after");

await run({
  "connect and receive one notification": async () => {
    await first.client.start();
    await publish({ id: before, to: { users: [alice] }, type: "hello", title: "before" });
    await until(() => first.log.notifications.length === 1, "it arrives");
  },
  "go offline: stop() ends the connection": async () => {
    first.client.stop();
    assert.equal(first.client.state, "stopped");
    assert.deepEqual(first.log.disconnected.at(-1), { code: 1000, reason: "client stopped", willReconnect: false });
    await until(() => network.open === 0, "the connection is closed");
  },
  "150 notifications are published while the user is away": async () => {
    await publish(offline.slice(0, 100).map((id, i) => ({ id, to: { users: [alice] }, type: "tick", title: `offline ${i + 1}` })));
    await publish(offline.slice(100).map((id, i) => ({ id, to: { users: [alice] }, type: "tick", title: `offline ${i + 101}` })));
  },
  "a reload with the stored state catches up on exactly the 150, in order, over several pages": async () => {
    if (onSignalR) {
      assert.equal(first.client.lastSequence, 1);
      reloaded = createClient(alice, { since: first.client.lastSequence });
    } else {
      await until(() => saved.size === 1, "the first client stored its state");
      assert.equal(JSON.parse([...saved.values()][0]).lastSequence, 1);
      reloaded = createClient(alice, { storage });
    }
    await reloaded.client.start();
    await until(() => reloaded.log.notifications.length >= 150, "all 150 are delivered");
    assertExactlyOnceInOrder(reloaded.log, offline);
    assert.ok(reloaded.log.notifications.every((n) => n.source === "catch-up"));
    assert.deepEqual(reloaded.log.notifications.map((n) => n.sequence), Array.from({ length: 150 }, (_, i) => i + 2));
    const catchUps = reloaded.log.inboxCalls.filter((q) => q.after !== undefined).map((q) => Number(q.after));
    assert.deepEqual(catchUps.slice(0, 2), [1, 101], "paged: after=1 then after=101");
    assert.equal(reloaded.log.inboxCalls.filter((q) => q.after === undefined).length, 0, "the stored sequence is used, not 'latest'");
    assert.equal(reloaded.client.lastSequence, 151);
  },
  "the acks of the catch-up are recorded": async () => {
    await until(async () => (await status(offline[149])).delivered === 1, "the last one counts as delivered");
  },
  "the first instance, started again, catches up from its own last sequence too": async () => {
    await first.client.start();
    await until(() => first.log.notifications.length >= 151, "it gets the 150 it missed");
    assertExactlyOnceInOrder(first.log, [before, ...offline]);
  },
  "and both receive what comes next, live": async () => {
    await publish({ id: after, to: { users: [alice] }, type: "hello", title: "after" });
    await until(() => first.log.notifications.length === 152 && reloaded.log.notifications.length === 151, "both get it");
    assert.equal(reloaded.log.notifications.at(-1).source, "live");
    assert.equal(reloaded.log.notifications.at(-1).sequence, 152);
    assert.deepEqual([...first.log.errors, ...reloaded.log.errors], []);
  },
}, {
  cleanup: async () => {
    first.client.stop();
    reloaded?.client.stop();
    await network.close();
  },
});
