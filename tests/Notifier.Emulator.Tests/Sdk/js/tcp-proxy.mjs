// A TCP proxy between a client and the emulator, so a test can cut the network in the middle of a stream.
import net from "node:net";

export async function startProxy(targetHost, targetPort) {
  const sockets = new Set();
  let connections = 0;
  const server = net.createServer((client) => {
    connections++;
    const upstream = net.connect(targetPort, targetHost);
    sockets.add(client);
    sockets.add(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("error", drop);
    upstream.on("error", drop);
    client.on("close", drop);
    upstream.on("close", drop);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    get connections() { return connections; },
    // Resets every open connection at once, as a network cut would: no WebSocket close handshake happens.
    cut() {
      for (const socket of sockets) socket.resetAndDestroy();
      sockets.clear();
    },
    close() {
      this.cut();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
