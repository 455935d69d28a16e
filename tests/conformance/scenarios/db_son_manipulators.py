"""SON manipulators (spec 4.5): registration lists, Database-object scope,
outgoing manipulators on query results and command replies."""
import os
from pymongo import MongoClient
from pymongo.son_manipulator import (AutoReference, NamespaceInjector, ObjectIdShuffler,
                                     SONManipulator)

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])


class Stamp(SONManipulator):
    def transform_outgoing(self, son, collection):
        son['seen_in'] = collection.name
        return son


c = MongoClient(HOST, PORT)
db = c.scen_son
db.add_son_manipulator(AutoReference(db))
db.add_son_manipulator(NamespaceInjector())
db.add_son_manipulator(ObjectIdShuffler())
print(db.incoming_manipulators, db.incoming_copying_manipulators)
print(db.outgoing_manipulators, db.outgoing_copying_manipulators)
print(c.scen_son.incoming_manipulators, c.scen_son.outgoing_copying_manipulators)
plain = c.scen_son
plain.add_son_manipulator(Stamp())
print(plain.outgoing_manipulators)
plain.things.insert({'_id': 1, 'x': 1})
print(plain.things.find_one())
print(sorted(plain.command('count', 'things').items()))
print(c.scen_son.things.find_one())
c.drop_database('scen_son')
