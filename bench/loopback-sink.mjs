// A stand-in chat service for the delivery benchmark, in a process of its own (as a real service
// would be): it answers every POST with 200 and reports its port over IPC. Plain JavaScript, so it
// starts in milliseconds without the TypeScript loader.
import http from 'node:http';

let received = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received++;
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
});
server.keepAliveTimeout = 10_000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (m) => {
  if (m === 'count') process.send({ received });
});
process.on('disconnect', () => process.exit(0));
