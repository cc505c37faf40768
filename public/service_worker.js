// service_worker.js — lets a second visit to the hosted site work without a network.
//
// Network first, cache as the fallback: while online the page always gets the files the server
// has now (a rebuilt site is never hidden behind a stale cache, so no version numbers are
// needed), and every successful answer refreshes the copy kept for offline use. The site's
// files are cached at installation, so that going offline right after the first visit works
// even for files that visit did not ask for yet (the sample capture).
//
// Only this origin's GET requests are touched; captures never pass through here (the page reads
// them from the user's File, never over the network).

const CACHE = 'caplens-site';
const SITE_FILES = [
  './',
  'index.html',
  'style.css',
  'caplens.js',
  'byte_feeder.js',
  'caplens_app.js',
  'caplens_app.wasm',
  'favicon.svg',
  'sample.pcapng',
  'fonts/Inter-Regular.otf',
  'fonts/Inter-SemiBold.otf',
  'fonts/NotoSansMono-Regular.ttf',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SITE_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    // A page opened with a query (?src=...) is still the same page.
    const cached = await cache.match(request, { ignoreSearch: request.mode === 'navigate' });
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(networkFirst(request));
});
