"""Capped collections made the 2.x ways (Collection(db, name, capped=True, ...),
create_collection), their options and collstats, and inserts past max or size
(log4mongo's and karait's set-up)."""
import os
import warnings

from pymongo import Connection
from pymongo.collection import Collection

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])
warnings.simplefilter('ignore')


def attempt(label, fn):
    try:
        result = fn()
    except Exception as exc:
        print(label, '->', type(exc).__name__, getattr(exc, 'code', None))
    else:
        print(label, '->', result)


db = Connection(HOST, PORT).scen
db.drop_collection('log')
log = Collection(db, 'log', capped=True, size=100000, max=3)
print('options', sorted(log.options().items()))
for i in range(5):
    log.insert({'i': i})
print('kept', [d['i'] for d in log.find()])
print('count', log.count())
stats = db.command('collstats', 'log')
print('collstats', stats['capped'], stats['max'], stats['count'])
attempt('again', lambda: Collection(db, 'log', capped=True, size=100000, max=3))
attempt('no size', lambda: db.create_collection('nosize', capped=True))
db.drop_collection('small')
small = db.create_collection('small', capped=True, size=300)
for i in range(20):
    small.insert({'i': i, 'pad': 'x' * 20})
kept = [d['i'] for d in small.find()]
print('small keeps the newest', kept == list(range(20 - len(kept), 20)), 0 < len(kept) < 20)
print('small options', sorted(small.options().items()))
db.drop_collection('plain')
plain = Collection(db, 'plain', create=True)
print('plain options', plain.options())
print('plain collstats capped', bool(db.command('collstats', 'plain').get('capped')))
