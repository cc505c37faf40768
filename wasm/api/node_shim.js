// Emscripten 3.1.6 loads under Node through CommonJS's `require` and `__dirname`, which an ES
// module does not have: give it both, only when running in Node.
const require = typeof process == 'object' && process.versions && process.versions.node
  ? (await import('node:module')).createRequire(import.meta.url) : undefined;
const __dirname = require ? require('node:path').dirname(require('node:url').fileURLToPath(import.meta.url)) : '';
