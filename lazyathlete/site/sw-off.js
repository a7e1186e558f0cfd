// Written to site/sw.js when `extra.offline` is false in mkdocs.yml: readers who already
// have the site's service worker get this one, which deletes the site's caches and
// unregisters itself; pages no longer register any.
"use strict";

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) { return key.indexOf("la-site-") === 0; })
        .map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.registration.unregister(); })
  );
});
