// Written to site/sw.js, after sw-scope.js, when `extra.offline` is false in mkdocs.yml:
// readers who already have the site's service worker get this one the next time they open
// one of its pages, and it deletes this scope's caches and unregisters itself (its own
// registration only: copies of the site under other paths of the host keep theirs). Pages
// no longer register any.

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(
    ownCaches().then(function (keys) {
      return Promise.all(keys.map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.registration.unregister(); })
  );
});
