"""The migration linter: ``legacy-mongo lint``.  See :mod:`legacy_mongo.lint.engine`."""
