// The client's network, as a TCP proxy in front of the emulator. The function app's endpoint is this proxy, so the URLs
// negotiate hands out lead here. Only the clients' WebSocket connections are subject to faults; the function app's REST
// calls to the emulator pass through untouched (a client's network cut does not cut the server's).
import net from "node:net";

const HEAD_LIMIT = 16 * 1024;

/**
 * @param {{ port: number, targetHost: string, targetPort: number }} options
 */
export async function startProxy({ port, targetHost, targetPort }) {
  /** @type {Set<{ client: net.Socket, upstream: net.Socket, webSocket: boolean }>} */
  const links = new Set();
  let blocked = false;
  let attempts = 0;
  let accepted = 0;

  const server = net.createServer((client) => {
    client.on("error", () => client.destroy());
    let head = Buffer.alloc(0);
    const onData = (chunk) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0 && head.length < HEAD_LIMIT) return;
      client.off("data", onData);
      client.pause();
      const text = head.toString("latin1", 0, end < 0 ? head.length : end);
      const webSocket = /^GET \/client\//.test(text) && /\r\nupgrade:\s*websocket/i.test(text);
      if (webSocket) {
        attempts++;
        if (blocked) {
          // No route to the service: the attempt fails without a WebSocket handshake.
          client.resetAndDestroy();
          return;
        }
        accepted++;
      }
      const upstream = net.connect(targetPort, targetHost);
      const link = { client, upstream, webSocket };
      links.add(link);
      const drop = () => {
        links.delete(link);
        client.destroy();
        upstream.destroy();
      };
      upstream.on("error", drop);
      client.on("error", drop);
      upstream.on("close", drop);
      client.on("close", drop);
      upstream.write(head);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    };
    client.on("data", onData);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });

  const webSocketLinks = () => [...links].filter((l) => l.webSocket);
  return {
    port,
    /** WebSocket connections attempted through the proxy (blocked ones included). */
    get attempts() { return attempts; },
    /** WebSocket connections forwarded to the emulator. */
    get accepted() { return accepted; },
    /** Open WebSocket links. */
    get open() { return webSocketLinks().length; },
    /** Resets every WebSocket connection at once (RST both ways), as a network cut would: no close handshake. */
    cut() {
      for (const link of webSocketLinks()) {
        links.delete(link);
        link.client.resetAndDestroy();
        link.upstream.resetAndDestroy();
      }
    },
    /**
     * Silently stops forwarding on every open WebSocket connection: no FIN, no RST, bytes just stop arriving, as on a
     * dead Wi-Fi or a NAT that forgot the flow. New connections still work.
     */
    stall() {
      for (const link of webSocketLinks()) {
        link.client.unpipe(link.upstream);
        link.upstream.unpipe(link.client);
        link.client.pause();
        link.upstream.pause();
      }
    },
    /** New WebSocket connections fail (reset before the handshake) until unblock(). */
    block() { blocked = true; },
    unblock() { blocked = false; },
    close() {
      for (const link of links) {
        link.client.destroy();
        link.upstream.destroy();
      }
      links.clear();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
