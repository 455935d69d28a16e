"""2.8's name-mangled privates, read by 2.x subclasses (mongokit, Flask-PyMongo).

Expected values come from PyMongo 2.8.1's source: Cursor.__init__ sets
``self.__collection``, ``__empty``, ``__manipulate``, ``__read_preference``
and ``__data = deque()``; Collection.__init__ ``self.__database``/``__name``;
Database.__init__ ``self.__name``/``__connection``; ``Database._fix_outgoing``
applies the outgoing SON manipulators.
"""
import collections
import warnings

import pytest

import legacy_mongo
from legacy_mongo.runtime.cursor import Cursor
from legacy_mongo.runtime.son_manipulator import SONManipulator


@pytest.fixture
def client(server):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client = legacy_mongo.MongoClient(server.host_string, socketTimeoutMS=5000)
        client.db.things.drop()
        client.db.things.insert([{"_id": i} for i in range(3)])
    yield client
    client.close()


class MongokitStyleCursor(Cursor):
    """mongokit 0.9.1.1's Cursor.__next__, reduced: 2.8's loop over privates."""

    def __next__(self):
        if self._Cursor__empty:
            raise StopIteration
        if len(self._Cursor__data) or self._refresh():
            item = self._Cursor__data.popleft()
            if self._Cursor__manipulate:
                db = self._Cursor__collection.database
                item = db._fix_outgoing(item, self._Cursor__collection)
            return item
        raise StopIteration

    next = __next__


class Tag(SONManipulator):
    def will_copy(self):
        return True

    def transform_outgoing(self, son, collection):
        son = dict(son)
        son["seen_by"] = collection.name
        return son


def test_a_subclass_iterates_through_2_8_cursor_privates(client):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        db = client.db  # 2.8 too: each client.db is a new Database
        db.add_son_manipulator(Tag())
        coll = db.things
        cursor = MongokitStyleCursor(coll, {}, sort=[("_id", 1)])
        assert cursor._Cursor__collection is coll
        assert cursor._Cursor__empty is False
        assert isinstance(cursor._Cursor__data, collections.deque)
        assert cursor._Cursor__read_preference == 0  # PRIMARY, 2.8's default
        docs = list(cursor)
    assert docs == [{"_id": i, "seen_by": "things"} for i in range(3)]


def test_an_empty_cursor_stops_at_once(client):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cursor = MongokitStyleCursor(client.db.things, {}).limit(-1)
        cursor._Cursor__empty = True
        assert cursor._empty is True
        assert list(cursor) == []


def test_collection_and_database_privates(client):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        db = client.db
        coll = db.things
    assert coll._Collection__database is db
    assert coll._Collection__name == "things"
    assert db._Database__name == "db"
    assert db._Database__connection is client


def test_cursor_keeps_the_collections_secondary_acceptable_latency_ms(server):
    # 2.8.1 cursor.py: self.__secondary_acceptable_latency_ms = ... from the
    # collection (mongokit's test_pass_connection_arguments_to_cursor reads it).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client = legacy_mongo.MongoClient(server.host_string, secondary_acceptable_latency_ms=16)
    try:
        assert client.db.things.find()._Cursor__secondary_acceptable_latency_ms == 16
    finally:
        client.close()
