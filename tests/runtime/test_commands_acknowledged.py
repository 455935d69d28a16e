"""2.8's commands always waited for their reply, also on an unacknowledged
Connection: 2.8.1's ``Database.drop_collection`` (and so ``Collection.drop``)
is ``self.command("drop", ...)``, and ``command()`` reads the reply.  PyMongo 4
applies the database's write concern to drop, which for ``Connection()`` is
w=0: the shim must not."""
import time
import warnings

import pytest

import legacy_mongo


@pytest.fixture
def connection(server):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client = legacy_mongo.Connection("127.0.0.1", server.port)
    yield client
    client.close()


@pytest.mark.parametrize("how", ["collection.drop", "db.drop_collection"])
def test_drop_on_an_unacknowledged_connection_waits_for_its_reply(server, connection, how):
    db = connection.db
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        db.gone.insert({"_id": 1}, w=1)  # acknowledged: the collection exists
    server.delay(0.3, command="drop", times=1)
    started = time.monotonic()
    if how == "collection.drop":
        db.gone.drop()
    else:
        db.drop_collection("gone")
    assert time.monotonic() - started >= 0.3  # it waited for the (delayed) reply
    [record] = [r for r in server.log(app_only=True) if r.op == "drop"]
    # Acknowledged, with the server's default as 2.8's command (no writeConcern).
    assert (record.more_to_come, record.write_concern) == (False, None)
    assert record.reply["ok"] == 1.0
    assert "gone" not in server.backend.db.list_collection_names()
