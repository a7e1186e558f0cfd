"""The one data file (`data/glutes.yml`): typed models, the one gate that loads and checks it,
and the catalog of look-ups pages ask of it. No MkDocs here."""

from lazyathlete.data.catalog import Catalog, Facet
from lazyathlete.data.loading import DATA_FILE, catalog_for, data_path, load_catalog
from lazyathlete.data.problems import DataError

__all__ = ["DATA_FILE", "Catalog", "DataError", "Facet", "catalog_for", "data_path", "load_catalog"]
