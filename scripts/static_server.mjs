// static_server.mjs — serves a directory on 127.0.0.1 for the page and its tests.
//
//   node scripts/static_server.mjs DIR PORT     (PORT 0: any free port)
//
// Correct MIME types (application/wasm, so browsers can compile while downloading),
// Cache-Control: no-cache (a rebuilt site is picked up on reload), and the same
// Content-Security-Policy as DIR/index.html's <meta> tag, sent as a header. GET and HEAD only;
// nothing outside DIR is served. Prints one line, "serving DIR at URL", once it listens, and
// nothing per request. No dependencies beyond Node itself.
import { createServer } from 'node:http';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.otf': 'font/otf',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
// Used when index.html carries no policy.
const FALLBACK_CSP = "default-src 'self'";

const [dirArgument, portArgument] = process.argv.slice(2);
if (!dirArgument || portArgument === undefined || !/^\d+$/.test(portArgument)) {
  console.error('usage: node scripts/static_server.mjs DIR PORT');
  process.exit(2);
}
const root = path.resolve(dirArgument);

// The policy from <meta http-equiv="Content-Security-Policy" content="...">, so that the
// header and the page can never disagree.
async function pagePolicy() {
  try {
    const html = await fs.readFile(path.join(root, 'index.html'), 'utf8');
    const meta = html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i);
    return meta ? meta[1] : FALLBACK_CSP;
  } catch {
    return FALLBACK_CSP;
  }
}

function send(response, status, text) {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' });
  response.end(`${text}\n`);
}

async function handle(request, response) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    send(response, 405, 'method not allowed');
    return;
  }
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
  } catch {
    send(response, 400, 'bad request');
    return;
  }
  let file = path.join(root, path.normalize(pathname));
  if (file !== root && !file.startsWith(root + path.sep)) {
    send(response, 403, 'forbidden');
    return;
  }
  let stat;
  try {
    stat = await fs.stat(file);
    if (stat.isDirectory()) {
      file = path.join(file, 'index.html');
      stat = await fs.stat(file);
    }
  } catch {
    send(response, 404, 'not found');
    return;
  }
  response.writeHead(200, {
    'Content-Type': MIME_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
    'Content-Length': stat.size,
    'Cache-Control': 'no-cache',
    'Content-Security-Policy': policy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file).on('error', () => response.destroy()).pipe(response);
}

const policy = await pagePolicy();
const server = createServer((request, response) => {
  handle(request, response).catch(() => send(response, 500, 'internal error'));
});
server.on('error', (error) => {
  console.error(`static_server: ${error.message}`);
  process.exit(1);
});
server.listen(Number(portArgument), '127.0.0.1', () => {
  const { port } = server.address();
  console.log(`serving ${dirArgument} at http://127.0.0.1:${port}/`);
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
