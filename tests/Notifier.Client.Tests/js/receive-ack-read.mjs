// A pushed notification reaches both devices of its recipient; the ack is recorded (delivered = 1); marking it read on
// one device sends `read` to the other and a `receipt` to the sender; the bell's list and unread count agree.
import { assert, createClient, newId, newUser, publish, run, startNetwork, status, until } from "./harness.mjs";

const network = await startNetwork();
const alice = newUser("alice");
const bob = newUser("bob");
const phone = createClient(alice);
const laptop = createClient(alice);
const sender = createClient(bob);
const id = newId();

await run({
  "three clients connect and are caught up": async () => {
    await Promise.all([phone.client.start(), laptop.client.start(), sender.client.start()]);
    assert.equal(phone.client.state, "connected");
    assert.equal(phone.client.userId, alice);
    assert.equal(phone.log.connected.length, 1);
    assert.equal(phone.log.connected[0].recovered, false);
    assert.equal(phone.client.lastSequence, 0, "a new user's inbox is empty");
  },
  "bob's notification reaches both of alice's devices, live, as sequence 1": async () => {
    await publish({ id, to: { users: [alice] }, type: "comment.added", title: "Bob commented", body: "Looks good", url: "/docs/1", sender: bob, receipt: true, data: { doc: 1 } });
    await until(() => phone.log.notifications.length === 1 && laptop.log.notifications.length === 1, "both devices receive it");
    for (const device of [phone, laptop]) {
      const [item] = device.log.notifications;
      assert.equal(item.notification.id, id);
      assert.equal(item.notification.title, "Bob commented");
      assert.equal(item.notification.sender, bob);
      assert.deepEqual(item.notification.data, { doc: 1 });
      assert.equal(item.sequence, 1);
      assert.equal(item.source, "live");
      assert.equal(item.read, false);
    }
    assert.equal(phone.client.lastSequence, 1);
  },
  "the clients' acks are recorded: delivered = 1 (one user), read = 0": async () => {
    await until(async () => (await status(id)).delivered === 1, "the status shows the delivery");
    const s = await status(id);
    assert.equal(s.read, 0);
    assert.equal(s.state, "pushed");
  },
  "the bell: list() newest first and unreadCount()": async () => {
    const page = await phone.client.list({ limit: 10 });
    assert.equal(page.items.length, 1);
    assert.equal(page.items[0].notification.id, id);
    assert.equal(page.items[0].read, false);
    assert.equal(page.latest, 1);
    assert.equal(await phone.client.unreadCount(), 1);
  },
  "markRead on the phone: the laptop gets `read`, bob gets a `receipt`": async () => {
    await phone.client.markRead([id]);
    await until(() => laptop.log.read.length === 1, "the laptop hears of the read");
    assert.deepEqual(laptop.log.read[0].ids, [id]);
    assert.ok(Date.parse(laptop.log.read[0].readAt) > 0);
    await until(() => sender.log.receipt.length === 1, "bob receives a read receipt");
    assert.equal(sender.log.receipt[0].id, id);
    assert.equal(sender.log.receipt[0].userId, alice);
    // The `read` event went over the phone's own connection, which the service leaves out of the update.
    assert.equal(phone.log.read.length, 0, "the device that read it gets no echo");
  },
  "the read is stored: status read = 1, unread count 0, list shows it read": async () => {
    assert.equal((await status(id)).read, 1);
    assert.equal(await laptop.client.unreadCount(), 0);
    const page = await laptop.client.list();
    assert.equal(page.items[0].read, true);
  },
  "markAllRead marks the rest and tells the devices": async () => {
    const more = [newId(), newId()];
    await publish(more.map((n) => ({ id: n, to: { users: [alice] }, type: "comment.added", title: n })));
    await until(() => phone.log.notifications.length === 3 && laptop.log.notifications.length === 3, "both devices receive two more");
    const marked = await laptop.client.markAllRead();
    assert.deepEqual([...marked].sort(), [...more].sort());
    await until(() => phone.log.read.some((r) => r.ids.length === 2), "the phone hears of the read");
    assert.equal(await phone.client.unreadCount(), 0);
  },
  "nothing went wrong on the way": async () => {
    for (const device of [phone, laptop, sender]) assert.deepEqual(device.log.errors, []);
    assert.equal(phone.log.disconnected.length, 0);
  },
}, {
  cleanup: async () => {
    for (const device of [phone, laptop, sender]) device.client.stop();
    await network.close();
  },
});
