"""2.8's bson behaviour where PyMongo 4's bson refuses what 2.8 did.

``install()`` applies both below to the bson package itself, because 2.x
code reaches these objects through the same paths as modern code
(``from bson.dbref import DBRef``, ``from bson import json_util``).  Each
only turns a PyMongo 4 *error* into 2.8's result, so modern code that works
on PyMongo 4 sees no difference:

* :class:`DBRef` subclasses PyMongo 4's without ``__slots__``: 2.x code sets
  attributes on references (``ref.type = 'User'``), which PyMongo 4's
  slotted class refuses with AttributeError.  Equality, hashing, ``repr``
  and BSON encoding are PyMongo 4's.  References *decoded* by bson's C
  decoder are PyMongo 4's class; a legacy client's cursors turn them into
  this one (``client_methods._LegacyDBRefDecoder``: MongoAlchemy sets
  ``ref.type`` on what it reads back), the others stay PyMongo 4's, and
  ``isinstance`` with the legacy class accepts them (mongokit's autoref
  tests the references it reads back with ``isinstance(value, DBRef)``).
* :func:`json_default` is ``bson.json_util.default`` plus 2.8's output for a
  native ``uuid.UUID`` when no UUID representation was chosen:
  ``{"$uuid": "<hex>"}``, where PyMongo 4 raises ValueError (its
  ``DEFAULT_JSON_OPTIONS`` has ``uuid_representation=UNSPECIFIED``).  With
  a representation chosen (``JSONOptions(uuid_representation=STANDARD)``)
  PyMongo 4's output is unchanged.
* :func:`encode` and :meth:`BSON.encode <bson.BSON.encode>` with the default
  codec options encode a native ``uuid.UUID`` as 2.8 did, binary subtype 3
  (Python legacy), where PyMongo 4's ``UNSPECIFIED`` default raises
  ValueError (mongokit measures a document with ``BSON.encode`` before each
  save).  A UUID representation only changes how ``uuid.UUID`` values are
  encoded, so every document PyMongo 4 could encode encodes the same.
  Decoding is left alone: 2.8 turned subtype 3 back into ``uuid.UUID``, but
  PyMongo 4 gives ``Binary``, and changing that would change what working
  modern code gets.
* 2.8's private ``ObjectId.__validate(oid)`` and ``ObjectId.__generate()``
  (``_ObjectId__validate`` / ``_ObjectId__generate`` from outside), which
  PyMongo 4 folded into ``__init__``: 2.x test suites patch
  ``ObjectId.__init__`` to call them (Ming's ``manipulate=True`` test fixes
  the generated id that way).  They are added names only, where PyMongo
  lacks them (4.9's ObjectId still has both), built on the ``__init__``
  saved when this module was imported, so a patched ``__init__`` calling
  them does not call itself.
"""
import uuid

import bson as _bson
from bson import json_util as _json_util
from bson.codec_options import DEFAULT_CODEC_OPTIONS
from bson.binary import UuidRepresentation
from bson.dbref import DBRef as _ModernDBRef

modern_json_default = _json_util.default
modern_encode = _bson.encode
modern_bson_encode = _bson.BSON.encode.__func__
_modern_objectid_init = _bson.ObjectId.__init__
_LEGACY_UUID_OPTIONS = DEFAULT_CODEC_OPTIONS.with_options(
    uuid_representation=UuidRepresentation.PYTHON_LEGACY)


def encode(document, check_keys=False, codec_options=DEFAULT_CODEC_OPTIONS):
    if codec_options is DEFAULT_CODEC_OPTIONS:
        codec_options = _LEGACY_UUID_OPTIONS  # 2.8's default for uuid.UUID
    return modern_encode(document, check_keys, codec_options)


def bson_encode(cls, document, check_keys=False, codec_options=DEFAULT_CODEC_OPTIONS):
    if codec_options is DEFAULT_CODEC_OPTIONS:
        codec_options = _LEGACY_UUID_OPTIONS
    return modern_bson_encode(cls, document, check_keys, codec_options)


class _AcceptsModernReferences(type):
    # bson.DBRef is this class under install(): a reference decoded by the C
    # decoder (PyMongo 4's class) must still pass 2.x isinstance checks.
    def __instancecheck__(cls, obj):
        return isinstance(obj, _ModernDBRef)

    def __subclasscheck__(cls, sub):
        return issubclass(sub, _ModernDBRef)


class DBRef(_ModernDBRef, metaclass=_AcceptsModernReferences):
    """PyMongo 4's DBRef that, like 2.8's, takes attribute assignment."""

    # No __slots__: instances get the __dict__ 2.8's DBRef had.


def json_default(obj, json_options=_json_util.DEFAULT_JSON_OPTIONS):
    if (isinstance(obj, uuid.UUID) and json_options.strict_uuid
            and json_options.uuid_representation == UuidRepresentation.UNSPECIFIED):
        return {"$uuid": obj.hex}  # 2.8's json_util.default
    return modern_json_default(obj, json_options)


def objectid_validate(self, oid):
    """2.8's ``ObjectId.__validate``: set this id from *oid* (an ObjectId,
    12 bytes or 24 hex characters), InvalidId or TypeError otherwise."""
    if oid is None:
        raise TypeError("id must be an instance of (bytes, str, ObjectId), not %s"
                        % type(oid))
    _modern_objectid_init(self, oid)


def objectid_generate(self):
    """2.8's ``ObjectId.__generate``: give this id a new value."""
    _modern_objectid_init(self, None)


OBJECTID_PRIVATE_NAMES = {"_ObjectId__validate": objectid_validate,
                          "_ObjectId__generate": objectid_generate}
