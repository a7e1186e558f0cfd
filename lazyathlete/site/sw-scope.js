// Written at the top of site/sw.js, before the worker's code (sw.js when the site is offline,
// sw-off.js when the owner switched that off), by lazyathlete/site/offline.py. The site's
// caches are named by its scope (its path on the host, "/" or "/glutes/") and a build's
// version: copies of the site under other paths of the same host keep their own caches,
// and a worker only ever deletes caches of its own scope.
"use strict";

var SCOPE = new URL(self.registration.scope);
var PREFIX = "la-site " + SCOPE.pathname + " "; // a path has no raw space: no scope's name starts another's
var OFFLINE_PAGE = new URL("offline/", SCOPE).href;

// This scope's caches: those named for it, and those of the worker before caches were named
// by scope ("la-site-" and a version), which are ours if they hold our offline page.
function ownCaches() {
  return caches.keys().then(function (keys) {
    return Promise.all(keys.map(function (key) {
      if (key.indexOf(PREFIX) === 0) return key;
      if (key.indexOf("la-site-") !== 0) return null;
      return caches.open(key).then(function (cache) { return cache.match(OFFLINE_PAGE); })
        .then(function (hit) { return hit ? key : null; });
    }));
  }).then(function (keys) { return keys.filter(Boolean); });
}
