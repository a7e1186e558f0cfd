// The site's service worker, written to site/sw.js by the build (lazyathlete/site/offline.py),
// which puts the lines above this comment: VERSION (a hash of every precached file) and
// PRECACHE (the files, relative to this script). After one visit the site works offline:
// pages come from the network when there is one (a reader online always sees the latest)
// and from the cache when not; other files come from the cache this build filled. A new
// build is a new VERSION: its cache replaces the old one, which is deleted. Requests to
// other sites are never touched, let alone cached.
"use strict";

var CACHE = "la-site-" + VERSION;
var OFFLINE_PAGE = "offline/";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.addAll(PRECACHE.map(function (path) { return new Request(path, { cache: "reload" }); }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key.indexOf("la-site-") === 0 && key !== CACHE;
      }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return; // not ours
  var scope = new URL(self.registration.scope);
  if (url.pathname.indexOf(scope.pathname) !== 0) return;
  // caches.match, not caches.open: a cache deleted while this worker still runs stays deleted.
  var kept = { cacheName: CACHE, ignoreSearch: true };
  if (request.mode === "navigate") {
    // Network first; then this page from the cache (its query ignored); then the offline page.
    event.respondWith(
      fetch(request).catch(function () {
        return caches.match(request, kept).then(function (hit) {
          return hit || caches.match(new URL(OFFLINE_PAGE, scope).href, kept);
        });
      })
    );
    return;
  }
  event.respondWith(
    caches.match(request, kept).then(function (hit) { return hit || fetch(request); })
  );
});
