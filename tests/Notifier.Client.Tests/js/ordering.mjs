// Delivery order and de-duplication across the two kinds of push. A group (topic) push has no sequence of the user's
// inbox: it is delivered at once. The inbox takes it in later, at a sequence of its own, so the next direct push
// arrives with a gap: the client does not deliver that out of order but catches up, skipping the group notification
// it already delivered.
import { assert, createClient, newId, newUser, publish, run, startNetwork, status, until } from "./harness.mjs";

const network = await startNetwork();
const alice = newUser("alice");
// The `ops` topic is for users with the ops role: no other scenario publishes to it, so alice's inbox holds only
// what this script sends.
const device = createClient(alice, { roles: "ops" });
const direct1 = newId("direct1");
const opsNotice = newId("ops");
const direct2 = newId("direct2");

await run({
  "connect": async () => {
    await device.client.start();
  },
  "a direct notification: sequence 1, live": async () => {
    await publish({ id: direct1, to: { users: [alice] }, type: "hello", title: "direct 1" });
    await until(() => device.log.notifications.length === 1, "it arrives");
    assert.equal(device.log.notifications[0].sequence, 1);
    assert.equal(device.client.lastSequence, 1);
  },
  "a notification to the ops topic: delivered at once, without a sequence": async () => {
    await publish({ id: opsNotice, to: { groups: ["ops"] }, type: "incident", title: "database failover tonight" });
    await until(() => device.log.notifications.length === 2, "it arrives");
    const item = device.log.notifications[1];
    assert.equal(item.notification.id, opsNotice);
    assert.equal(item.sequence, undefined);
    assert.equal(item.source, "live");
    assert.equal(device.client.lastSequence, 1, "a push without a sequence does not move the sequence");
    // Its ack makes the service merge the topic's stream into alice's inbox: the notification takes sequence 2.
    await until(async () => (await status(opsNotice)).delivered >= 1, "the ack is recorded");
  },
  "the next direct push has sequence 3: a gap, so the client catches up instead of delivering it out of order": async () => {
    await publish({ id: direct2, to: { users: [alice] }, type: "hello", title: "direct 2" });
    await until(() => device.client.lastSequence === 3, "the client reaches sequence 3");
    const ids = device.log.notifications.map((n) => n.notification.id);
    assert.deepEqual(ids, [direct1, opsNotice, direct2], "the topic notification is not delivered a second time");
    const last = device.log.notifications[2];
    assert.equal(last.sequence, 3);
    assert.equal(last.source, "catch-up");
    assert.ok(device.log.inboxCalls.some((q) => q.after === "1"), "a catch-up after sequence 1");
  },
  "the inbox agrees": async () => {
    const page = await device.client.list();
    assert.deepEqual(page.items.map((i) => [i.sequence, i.notification.id]), [[3, direct2], [2, opsNotice], [1, direct1]]);
    assert.deepEqual(device.log.errors, []);
  },
}, {
  cleanup: async () => {
    device.client.stop();
    await network.close();
  },
});
