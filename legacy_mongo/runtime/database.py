"""2.x ``Database``: a PyMongo 4 Database whose collections are legacy."""
from pymongo.synchronous.database import Database

from legacy_mongo.runtime.base import LegacyBase
from legacy_mongo.runtime.collection import LegacyCollection


class LegacyDatabase(LegacyBase, Database):
    def __getitem__(self, name):
        return self._adopt(super().__getitem__(name), LegacyCollection)

    def get_collection(self, *args, **kwargs):
        return self._adopt(super().get_collection(*args, **kwargs), LegacyCollection)

    def create_collection(self, *args, **kwargs):
        return self._adopt(super().create_collection(*args, **kwargs), LegacyCollection)

    def with_options(self, *args, **kwargs):
        return self._adopt(super().with_options(*args, **kwargs), LegacyDatabase)
