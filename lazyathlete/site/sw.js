// The site's service worker, written to site/sw.js by the build (lazyathlete/site/offline.py),
// after sw-scope.js (SCOPE, the cache names, ownCaches), VERSION (a hash of every precached
// file) and PRECACHE (the files, relative to this script). After one visit the site
// works offline. A page and the files it uses always come from one build: online, every
// request of the site goes to the network (revalidated, so neither this cache nor the
// browser's HTTP cache can hand an old file to a new page); with no network, every request
// is answered from this build's cache, which install fills whole. A new build is a new
// VERSION: its cache replaces this scope's old ones, which are deleted. Requests to other
// sites, or outside this site's path, are never touched, let alone cached.

var CACHE = PREFIX + VERSION;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.addAll(PRECACHE.map(function (path) { return new Request(path, { cache: "reload" }); }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    ownCaches().then(function (keys) {
      return Promise.all(keys.filter(function (key) { return key !== CACHE; })
        .map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== SCOPE.origin) return; // not ours
  if (url.pathname.indexOf(SCOPE.pathname) !== 0) return;
  // caches.match, not caches.open: a cache deleted while this worker still runs stays deleted.
  var kept = { cacheName: CACHE, ignoreSearch: true };
  event.respondWith(
    fetch(new Request(request, { cache: "no-cache" })).catch(function (error) {
      // No network: this file from the cache (its query ignored); a page not kept gets the offline page.
      return caches.match(request, kept).then(function (hit) {
        if (hit) return hit;
        if (request.mode !== "navigate") throw error;
        return caches.match(OFFLINE_PAGE, kept).then(function (page) {
          if (page) return page;
          throw error;
        });
      });
    })
  );
});
