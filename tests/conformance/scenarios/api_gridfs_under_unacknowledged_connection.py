"""GridFS under Connection() (w=0): a duplicate _id raises FileExists, reads and
deletes see what 2.8 saw.  Only stdout is compared: the shim's GridFS is PyMongo 4's
(index checks by listIndexes, no filemd5, which MongoDB 7.0 removed, and its chunk
deletes acknowledged where 2.8's were w=0), so the operations differ."""
# conformance: compare=stdout
import os
import warnings

import gridfs
from pymongo import Connection

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])
warnings.simplefilter('ignore')


def attempt(label, fn):
    try:
        result = fn()
    except Exception as exc:
        print(label, '->', type(exc).__name__, getattr(exc, 'code', None))
    else:
        print(label, '-> returned', result)


c = Connection(HOST, PORT)
db = c.scen_gridfs
fs = gridfs.GridFS(db)
attempt('put', lambda: fs.put(b'hello', _id=1, filename='a.txt'))
attempt('put same _id', lambda: fs.put(b'again', _id=1, filename='b.txt'))
attempt('get', lambda: fs.get(1).read())
attempt('exists', lambda: fs.exists(1))
attempt('list', lambda: fs.list())
attempt('get_last_version', lambda: fs.get_last_version('a.txt').read())
attempt('delete', lambda: fs.delete(1))
attempt('exists after delete', lambda: fs.exists(1))
attempt('files', lambda: db.fs.files.count())
attempt('chunks', lambda: db.fs.chunks.count())
