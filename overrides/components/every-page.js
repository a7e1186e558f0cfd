{#- Written into the site as components/every-page.js (mkdocs.yml: theme.static_templates):
    the starter and the scripts of the components any page may hold, joined in Python
    (lazyathlete/site/components.py, every_page_script) so Jinja never reads their text.
    One deferred request on every page, as site.js was. -#}
{{ la_every_page_script }}
