"""BSON encoding as 2.8 did it, checked on what the server stored:
uuid.UUID as Binary subtype 3 (OLD_UUID_SUBTYPE, Python byte order) and
regular expressions compiled on read (spec §6.4)."""
import re
import uuid

from bson.binary import Binary
from bson.regex import Regex


def test_uuid_is_stored_as_subtype_3(mongo_client, plain_client, db_name):
    value = uuid.UUID("00112233-4455-6677-8899-aabbccddeeff")
    coll = mongo_client[db_name].enc
    coll.insert({"_id": 1, "u": value})
    # A plain PyMongo 4 client (no uuidRepresentation) sees the raw Binary.
    raw = plain_client[db_name].enc.find_one({"_id": 1})["u"]
    assert isinstance(raw, Binary)
    assert raw.subtype == 3
    assert bytes(raw) == value.bytes  # pythonLegacy: bytes in Python's order
    # The legacy client reads it back as the same UUID and can query by it.
    assert coll.find_one({"_id": 1}) == {"_id": 1, "u": value}
    assert coll.find_one({"u": value})["_id"] == 1


def test_uuid_on_connection_and_as_id(connection, plain_client, db_name):
    value = uuid.uuid4()
    coll = connection[db_name].enc
    assert coll.insert({"_id": value}, w=1) == value
    raw = plain_client[db_name].enc.find_one()["_id"]
    assert (raw.subtype, bytes(raw)) == (3, value.bytes)
    assert coll.find_one(value) == {"_id": value}


def test_subtype_4_also_reads_as_uuid(mongo_client, plain_client, db_name):
    """2.8 decoded both 16-byte UUID subtypes to uuid.UUID."""
    value = uuid.uuid4()
    plain_client[db_name].enc.insert_one({"_id": 1, "u": Binary(value.bytes, 4)})
    assert mongo_client[db_name].enc.find_one({"_id": 1})["u"] == value


def test_regex_compiled_on_read(mongo_client, plain_client, db_name):
    coll = mongo_client[db_name].enc
    coll.insert({"_id": 1, "r": re.compile("^ab+c", re.IGNORECASE | re.MULTILINE)})
    stored = plain_client[db_name].enc.find_one({"_id": 1})["r"]
    assert isinstance(stored, Regex)
    assert stored.pattern == "^ab+c"
    doc = coll.find_one({"_id": 1})
    assert isinstance(doc["r"], re.Pattern)
    assert doc["r"].pattern == "^ab+c"
    assert doc["r"].flags & re.IGNORECASE and doc["r"].flags & re.MULTILINE
    assert doc["r"].match("ABBC")
    # compile_re=False keeps bson.regex.Regex.
    kept = next(coll.find({"_id": 1}, compile_re=False))["r"]
    assert isinstance(kept, Regex) and kept.pattern == "^ab+c"
    # A regex in a query still matches server-side.
    coll.insert({"_id": 2, "s": "xABC"})
    assert coll.find_one({"s": re.compile("abc$", re.I)})["_id"] == 2


def test_regex_in_aggregate_and_command_replies(mongo_client, db_name):
    coll = mongo_client[db_name].enc
    coll.insert({"_id": 1, "r": Regex("^x", "i")})
    assert isinstance(coll.aggregate([{"$match": {"_id": 1}}])["result"][0]["r"], re.Pattern)
    value = coll.find_and_modify({"_id": 1}, {"$set": {"a": 1}})
    assert isinstance(value["r"], re.Pattern)
