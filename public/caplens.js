// caplens.js — the page glue: starts the wasm app and connects it to the browser.
//
//  - fetches the fonts and instantiates the app in parallel, then runs its main();
//  - turns a drop anywhere on the page, the hidden file input ("Open file…"), "Open sample" and
//    a `?src=<url>` link to a capture on the same site into a file for the app; a new file
//    replaces the one before;
//  - answers the app's byte requests with ByteFeeder (byte_feeder.js): slices of the File,
//    never the whole file;
//  - exposes a read-only test hook, window.caplens.state() (JSON made by the app);
//  - on the hosted site, registers service_worker.js so that a second visit works offline.
//
// The same code runs in the single-file build (caplens.html, made by web/make_single_file.mjs):
// there the wasm, the fonts and the sample come from a JSON block in the page instead of the
// network, since a page opened from file:// may fetch nothing.
//
// The app calls back through Module.caplensHost (web/platform/browser.cpp, the C++ half).

import createCaplensApp from './caplens_app.js';
import { ByteFeeder } from './byte_feeder.js';

// Indexed by platform::FontFace.
const FONT_URLS = ['fonts/Inter-Regular.otf', 'fonts/Inter-SemiBold.otf', 'fonts/NotoSansMono-Regular.ttf'];
const SAMPLE_URL = 'sample.pcapng';
const WASM_URL = 'caplens_app.wasm';

// { url: base64 } in the single-file build, null on the hosted site.
const inlineAssets = (() => {
  const block = document.getElementById('caplens-inline-assets');
  return block ? JSON.parse(block.textContent) : null;
})();

function decodeBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; ++i) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// The bytes of one of the site's files, from the page itself or from the network.
async function loadAsset(url) {
  if (inlineAssets) {
    if (!(url in inlineAssets)) throw new Error(`${url} is not part of this page`);
    return decodeBase64(inlineAssets[url]);
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} could not be loaded (HTTP ${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
}

const canvas = document.getElementById('canvas');
const boot = document.getElementById('boot');

let app = null;      // the Emscripten module, once main() has run
let current = null;  // { id, feeder }: the file the app is reading
let nextId = 1;

// What the app calls (EM_JS functions in web/platform/browser.cpp).
const host = {
  fonts: [],      // Uint8Array per font face, or null
  arrived: null,  // the bytes being handed over during a caplens_bytes_arrived() call

  // `channel` is the app's: answers go back with it (the first pass and a filter pass read
  // at once).
  requestBytes(id, channel, offset, length) {
    if (!current || current.id !== id || !current.feeder) return;
    current.feeder.read(offset, length).then((bytes) => {
      if (!current || current.id !== id) return;
      host.arrived = bytes;
      try {
        app._caplens_bytes_arrived(id, channel, offset, bytes.length);
      } finally {
        host.arrived = null;
      }
    }, (error) => {
      if (current && current.id === id) sourceFailed(id, error, channel);
    });
  },

  // From a click in the app (Copy value): the click's user activation allows it.
  copyText(text) {
    host.copied = text;
    if (navigator.clipboard) navigator.clipboard.writeText(text).catch(() => {});
  },
  copied: null,  // the last text copied (for the test hook)

  // "Copy link": this page's address with the view in its fragment (never the capture's bytes).
  copyViewLink(fragment) {
    const url = new URL(location.href);
    url.hash = fragment;
    host.copyText(url.href);
  },

  // An exported capture, made in the page: saved through a link to an object URL (the
  // browser's download; nothing is uploaded).
  download(name, bytes) {
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  },

  // Called during the frame after the user's click: the click's user activation still
  // allows opening the chooser.
  pickFile() {
    picker.value = '';
    picker.click();
  },

  openSample() {
    openSample();
  },

  // The user cancelled reading file `id` (Esc): stop inflating or reading it.
  cancelFile(id) {
    if (current && current.id === id && current.feeder) current.feeder.cancel();
  },
};

function describe(error) {
  return (error && error.message) ? error.message : String(error);
}

// Tells the app a new file is being opened (it replaces the current one).
function announce(id, name, size, gzip) {
  app.ccall('caplens_file_opened', null, ['number', 'string', 'number', 'number'],
    [id, name, size, gzip ? 1 : 0]);
}

function sourceFailed(id, error, channel = 0) {
  app.ccall('caplens_source_failed', null, ['number', 'number', 'string'], [id, channel, describe(error)]);
}

async function openFile(file) {
  if (!app) return;
  if (current && current.feeder) current.feeder.cancel();
  const id = nextId++;
  const feeder = new ByteFeeder(file);
  current = { id, feeder };
  const stillCurrent = () => current && current.id === id;
  let announced = false;
  try {
    const gzip = await feeder.sniff();
    if (!stillCurrent()) return;
    announce(id, file.name, file.size, gzip);
    announced = true;
    const size = await feeder.prepare((fraction) => {
      if (stillCurrent()) app._caplens_decompress_progress(id, fraction);
    });
    if (stillCurrent()) app._caplens_stream_ready(id, size);
  } catch (error) {
    if (!stillCurrent()) return;
    if (!announced) announce(id, file.name, file.size || 0, false);
    sourceFailed(id, error);
  }
}

async function openSample() {
  try {
    const bytes = await loadAsset(SAMPLE_URL);
    await openFile(new File([bytes], SAMPLE_URL, { type: 'application/octet-stream' }));
  } catch (error) {
    openFailed(SAMPLE_URL, error);
  }
}

// `?src=<url>`: opens a capture published on this same site. Other origins are refused before
// any request: the page's Content-Security-Policy allows connections to its own origin only, so
// that nothing a link carries can make the page talk to a third party.
async function openFromLink() {
  const src = new URLSearchParams(location.search).get('src');
  if (!src) return;
  let url;
  let name = src;
  try {
    url = new URL(src, location.href);
    name = decodeURIComponent(url.pathname.split('/').pop() || url.hostname || src);
    if (url.origin !== location.origin) {
      throw new Error(`only captures on this site can be opened with ?src= (${url.origin} is another origin; ` +
        'download the file and drop it on the page instead)');
    }
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${src} could not be loaded (HTTP ${response.status})`);
    const blob = await response.blob();
    await openFile(new File([blob], name, { type: 'application/octet-stream' }));
  } catch (error) {
    openFailed(name, error);
  }
}

// Shows a file that could not even be fetched the way an unreadable file is shown.
function openFailed(name, error) {
  if (!app) return;
  if (current && current.feeder) current.feeder.cancel();
  const id = nextId++;
  current = { id, feeder: null };
  announce(id, name, 0, false);
  sourceFailed(id, error);
}

// The hidden file input behind "Open file…". No `accept` filter: captures come with many
// extensions (.pcap, .pcapng, .cap, .ntar, .erf, .snoop, .gz, ...) and the format is decided
// by content anyway.
const picker = document.createElement('input');
picker.type = 'file';
picker.hidden = true;
picker.addEventListener('change', () => {
  if (picker.files && picker.files[0]) openFile(picker.files[0]);
});
document.body.append(picker);

// Drops anywhere on the page (a drop on the canvas bubbles to the document). The depth
// counter pairs the dragenter/dragleave events that child elements generate.
let dragDepth = 0;
const carriesFiles = (event) =>
  event.dataTransfer && Array.from(event.dataTransfer.types || []).includes('Files');
const setDragHover = (active) => { if (app) app._caplens_drag_hover(active ? 1 : 0); };

// Wireshark's shortcuts that the browser would otherwise take for itself: Ctrl+G (Go to packet;
// the browser's "find next") and Ctrl+/ (focus the filter bar). The app still sees the keys.
document.addEventListener('keydown', (event) => {
  if ((event.ctrlKey || event.metaKey) && (event.key === 'g' || event.key === '/')) event.preventDefault();
});

document.addEventListener('dragenter', (event) => {
  if (!carriesFiles(event)) return;
  event.preventDefault();
  if (dragDepth++ === 0) setDragHover(true);
});
document.addEventListener('dragover', (event) => {
  if (!carriesFiles(event)) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = 'copy';
});
document.addEventListener('dragleave', (event) => {
  if (!carriesFiles(event)) return;
  dragDepth = Math.max(0, dragDepth - 1);
  if (dragDepth === 0) setDragHover(false);
});
document.addEventListener('drop', (event) => {
  if (!carriesFiles(event)) return;
  // Otherwise the browser navigates to the file.
  event.preventDefault();
  dragDepth = 0;
  setDragHover(false);
  const file = event.dataTransfer.files[0];
  if (file) openFile(file);
});

// The test hook: read-only, a fresh object per call.
window.caplens = Object.freeze({
  state() {
    if (!app) return { ready: false };
    const state = JSON.parse(app.UTF8ToString(app._caplens_state_json()));
    state.clipboard = host.copied;
    return state;
  },
});

async function loadFont(url) {
  try {
    return await loadAsset(url);
  } catch {
    return null;  // the app falls back to ImGui's built-in font
  }
}

function fail(message) {
  boot.hidden = false;
  boot.className = 'error';
  boot.textContent = message;
}

async function start() {
  if (!document.createElement('canvas').getContext('webgl2')) {
    fail('caplens needs WebGL2, which this browser does not offer (or has disabled).');
    return;
  }
  // Inlined, the wasm is handed over as bytes; otherwise Emscripten streams it from the site.
  const wasmBinary = inlineAssets ? await loadAsset(WASM_URL) : undefined;
  const [fonts, module] = await Promise.all([
    Promise.all(FONT_URLS.map(loadFont)),
    createCaplensApp({ canvas, caplensHost: host, wasmBinary }),
  ]);
  host.fonts = fonts;
  module.callMain([]);
  app = module;
  boot.hidden = true;
  // A link to a view waits for its capture; a link pasted into this tab later replaces it.
  const passViewLink = () => app.ccall('caplens_view_link', null, ['string'], [location.hash]);
  passViewLink();
  window.addEventListener('hashchange', passViewLink);
  if (!inlineAssets) openFromLink();
}

// Only a hosted page can have a service worker (not file://, not the single file).
function registerServiceWorker() {
  if (inlineAssets || !('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
  navigator.serviceWorker.register('service_worker.js').catch(() => {
    // Without it the page still works; it just needs the network on the next visit.
  });
}

registerServiceWorker();
start().catch((error) => fail(`caplens could not start: ${describe(error)}`));
