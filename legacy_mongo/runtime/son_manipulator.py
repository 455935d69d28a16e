"""2.8's ``pymongo.son_manipulator`` (removed in PyMongo 4).

A SON manipulator edits documents on their way into the database (inserts,
saves, update documents) and out of it (query results, command replies).
They live on a legacy Database (``db.add_son_manipulator(m)``); the
collections obtained from that Database object inherit them, a fresh
``client.db`` does not (2.8 spec §4.5).  The legacy Collection/Cursor call
``database._legacy_incoming(doc, collection)`` and
``database._legacy_outgoing(doc, collection)``.

Replacement in PyMongo 4: a ``bson.codec_options.TypeRegistry`` with
``TypeCodec``s for per-type conversions, or explicit code around
``insert_one``/``find`` for document-level edits; ``NamespaceInjector`` and
``AutoReference`` have no replacement (store and dereference ``DBRef`` s
yourself with ``db.dereference``).
"""
from bson.dbref import DBRef
from bson.objectid import ObjectId
from bson.son import SON


class SONManipulator:
    """The identity manipulator; subclasses override
    ``transform_incoming``/``transform_outgoing`` and, when they build a new
    document instead of editing the caller's, ``will_copy`` (True)."""

    def will_copy(self):
        """True if this manipulator returns a new document instead of editing
        the caller's (copying manipulators run after the others)."""
        return False

    def transform_incoming(self, son, collection):
        """Edit *son* on its way into *collection*."""
        if self.will_copy():
            return SON(son)
        return son

    def transform_outgoing(self, son, collection):
        """Edit *son* on its way out of *collection*."""
        if self.will_copy():
            return SON(son)
        return son


class ObjectIdInjector(SONManipulator):
    """Adds ``_id`` when missing (2.8 kept it for compatibility only: insert
    adds ``_id`` itself)."""

    def transform_incoming(self, son, collection):
        if "_id" not in son:
            son["_id"] = ObjectId()
        return son


class ObjectIdShuffler(SONManipulator):
    """Moves ``_id`` to the front (copying: the result is a SON)."""

    def will_copy(self):
        return True

    def transform_incoming(self, son, collection):
        if "_id" not in son:
            return son
        moved = SON({"_id": son["_id"]})
        moved.update(son)
        return moved


class NamespaceInjector(SONManipulator):
    """Adds ``_ns`` (the collection name) to every incoming document."""

    def transform_incoming(self, son, collection):
        son["_ns"] = collection.name
        return son


class AutoReference(SONManipulator):
    """Stores embedded documents that carry ``_id`` and ``_ns`` as DBRefs and
    dereferences DBRefs (through *db*) on the way out.  Circular references
    recurse forever, as in 2.8."""

    def __init__(self, db):
        self.database = db

    def will_copy(self):
        return True

    def transform_incoming(self, son, collection):
        def value_in(value):
            if isinstance(value, dict):
                if "_id" in value and "_ns" in value:
                    return DBRef(value["_ns"], value_in(value["_id"]))
                return dict_in(SON(value))
            if isinstance(value, list):
                return [value_in(item) for item in value]
            return value

        def dict_in(document):
            for key, value in list(document.items()):
                document[key] = value_in(value)
            return document

        return dict_in(SON(son))

    def transform_outgoing(self, son, collection):
        def value_out(value):
            if isinstance(value, DBRef):
                return self.database.dereference(value)
            if isinstance(value, list):
                return [value_out(item) for item in value]
            if isinstance(value, dict):
                return dict_out(SON(value))
            return value

        def dict_out(document):
            for key, value in list(document.items()):
                document[key] = value_out(value)
            return document

        return dict_out(SON(son))


def _overrides(manipulator, method):
    return getattr(type(manipulator), method) is not getattr(SONManipulator, method)


# True from the first manipulator added to any Database on, never cleared:
# until then an insert need not look up its Database's lists (two generic
# attribute reads on PyMongo's classes, ~1,000 instructions per insert).
any_added = False


class ManipulatorLists:
    """The four ordered lists 2.8 kept on each Database."""

    __slots__ = ("incoming", "incoming_copying", "outgoing", "outgoing_copying")

    def __init__(self):
        self.incoming = []
        self.incoming_copying = []
        self.outgoing = []
        self.outgoing_copying = []

    def copy(self):
        other = ManipulatorLists()
        for name in self.__slots__:
            setattr(other, name, list(getattr(self, name)))
        return other

    def add(self, manipulator):
        """Newest first; registered only for the hooks its class overrides."""
        global any_added
        any_added = True
        copying = manipulator.will_copy()
        if _overrides(manipulator, "transform_incoming"):
            (self.incoming_copying if copying else self.incoming).insert(0, manipulator)
        if _overrides(manipulator, "transform_outgoing"):
            (self.outgoing_copying if copying else self.outgoing).insert(0, manipulator)
            from legacy_mongo.runtime.cursor import apply_outgoing_manipulators

            apply_outgoing_manipulators()

    def __bool__(self):
        return bool(self.incoming or self.incoming_copying or self.outgoing
                    or self.outgoing_copying)

    def apply_incoming(self, son, collection):
        for manipulator in self.incoming:
            son = manipulator.transform_incoming(son, collection)
        for manipulator in self.incoming_copying:
            son = manipulator.transform_incoming(son, collection)
        return son

    def apply_outgoing(self, son, collection):
        for manipulator in reversed(self.outgoing):
            son = manipulator.transform_outgoing(son, collection)
        for manipulator in reversed(self.outgoing_copying):
            son = manipulator.transform_outgoing(son, collection)
        return son
