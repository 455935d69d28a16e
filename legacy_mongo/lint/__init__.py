"""The migration linter: ``legacy-mongo lint [PATH...]``.

Finds every legacy PyMongo 2.x API listed in :mod:`legacy_mongo.catalogue`
(same codes and messages as the runtime warnings) without importing or
running the code it reads; Python 2 files included.

Layout (one reader of each concern):

``engine.py``      files, parsing, ``# noqa``, selection, parallelism, the
                   stable API ``lint_paths`` / ``lint_source`` / ``Finding``;
``py2.py``         Python 2 sources: token edits (fissix tree as fallback) into
                   Python 3 text with the same lines, and a column map back;
``inference.py``   the single traversal, and which values are PyMongo clients,
                   databases, collections, cursors ... (with a confidence);
``rules/``         the catalogue's ``Match`` records applied to the traversal's
                   node queues (``index.py`` reads the catalogue; ``calls.py``,
                   ``names.py``, ``uris.py`` and ``behaviour.py`` by match kind;
                   ``shapes.py`` and ``conditions.py`` hold the argument
                   evidence and the catalogue ``condition`` texts understood);
``prefilter.py``   which files can hold a finding, from their bytes (the rest is
                   skipped unparsed); ``cache.py`` per-file results
                   (``.legacy_mongo_cache/``);
``formats/``       text, json, sarif (2.1.0), github;
``summary.py``     ``--summary`` / ``--summary-html``;
``cli.py``         the command; ``flake8_plugin.py`` the ``LM`` flake8 plugin.

Confidence: ``certain`` when the receiver provably comes from PyMongo (an
import followed through assignments, attributes, subscripts, ``getattr``,
returns, class attributes, properties, subclasses, other project modules);
``likely`` when the evidence is partly the call's shape or a name
(``self.db.users.insert(doc)`` with ``db`` unresolved, ``safe=True`` on a
write-named call), always with PyMongo imported in the module or a project
module it imports, or with MongoDB-only arguments ($-operators, ``_id``,
``safe=``).  ``--confidence certain`` hides the ``likely`` findings.

Receivers with no visible PyMongo link are ``likely`` at most, through:

* the method index: ``store.find(resource, req)`` on a receiver nothing is
  known about (an attribute of a framework's app object) or on a child of a
  PyMongo object (``coll.Doc.fetch()``, which PyMongo itself never allows: a
  wrapper library) takes the kind that every method of that name in the
  project returns (this module's classes and the packages it imports), when
  the call fits their signature; one such method returning anything else, or
  typed by a bare name (``return self.connection``), keeps the name out;
  Django/mongoengine manager chains (``.objects``) never use it;
* overrides: a method of a PyMongo subclass overriding a PyMongo method
  (``Collection.find``) returns what that method returned when its own
  returns say nothing;
* registries: ``_clients[alias]`` where every ``_clients[...] = ...`` of
  that name in that scope stores a PyMongo object;
* use: an attribute a class passes as the first argument of ``GridFS``,
  ``Collection`` (a database) or ``Database`` (a client);
* GridFS's private collections (``self._GridFS__files``) in subclasses, and
  names bound nowhere in the module typed by their name like parameters.

Configuration (``[legacy_mongo]`` in setup.cfg, ``[tool.legacy-mongo]`` in
pyproject.toml): ``select``, ``ignore``, ``per-file-ignores`` (``glob: CODES``
lines, or a TOML table), ``exclude`` (globs) and ``confidence``.
"""
