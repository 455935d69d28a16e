"""The runtime shim: PyMongo 2.x classes built on PyMongo 4."""
