"""What the site's pages hold, from the catalog: generated pages, search words, links and
redirects, rendering through the content templates, security headers. No MkDocs events here."""
