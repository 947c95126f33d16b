'use strict';
// The classic `ws` broadcast server, plus `POST /broadcast` so the load generator triggers a broadcast over HTTP
// exactly as it does for the other servers. Usage: node bench/WsPeer/server.js --port 5002
const http = require('node:http');
const { WebSocketServer, WebSocket } = require('ws');

const portArg = process.argv.indexOf('--port');
const port = Number(portArg >= 0 ? process.argv[portArg + 1] : process.env.PORT || 5002);

const server = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/broadcast') {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const data = Buffer.concat(chunks);
      wss.clients.forEach((client) => {
        if (client.readyState === WebSocket.OPEN) {
          client.send(data, { binary: false });
        }
      });
      res.writeHead(202).end();
    });
    return;
  }

  if (req.url === '/health') {
    res.writeHead(200).end();
    return;
  }

  res.writeHead(404).end();
});

const wss = new WebSocketServer({ server });
wss.on('connection', (socket) => {
  socket.on('error', () => {});
});

server.listen(port, '127.0.0.1', () => {
  console.log(`ws broadcast server listening on http://127.0.0.1:${port}`);
});
