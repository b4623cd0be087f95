// Bolt's own request verification as the oracle for MeshBot's Slack signature check.
// stdin: one JSON object per line. The first is {"secret": "...", "nowSeconds": N}; each next one a case
// {"id", "request": base64 of the raw HTTP/1.1 request bytes}. Each request is sent as is to a local Node HTTP server
// whose handler is Bolt's HTTPModuleFunctions.parseAndVerifyHTTPRequest (HTTPReceiver's check, which calls
// verifySlackRequest), so Node's header parsing (trimming, joining duplicates) is part of the oracle too.
// stdout: one {"id", "accepted", "reason"} line per case, in order.
'use strict';
const http = require('node:http');
const net = require('node:net');
const { readCorpus, write, run } = require('./corpus');
const { HTTPModuleFunctions } = require('@slack/bolt');

async function main() {
  const [settings, ...cases] = await readCorpus();
  // Bolt reads the clock with Date.now(); MeshBot's test host runs on a fixed clock, so Bolt gets the same instant.
  Date.now = () => settings.nowSeconds * 1000;

  const server = http.createServer(async (req, res) => {
    try {
      await HTTPModuleFunctions.parseAndVerifyHTTPRequest({ signingSecret: settings.secret }, req, res);
      reply(res, 200, 'accepted');
    } catch (e) {
      reply(res, 401, String(e.message));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();

  for (const c of cases) {
    const answer = await send(port, Buffer.from(c.request, 'base64'));
    const status = Number(answer.split(' ')[1]);
    const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
    write({ id: c.id, accepted: status === 200, reason: status === 200 ? '' : body || `HTTP ${status}` });
  }
  server.close();
}

function reply(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) }).end(text);
}

function send(port, bytes) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    socket.on('data', (d) => chunks.push(d));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
  });
}

run(main);
