"""Integration tests against a real MongoDB (see README.md in this folder).

Run only when ``MONGODB_URI`` names a deployment; without it every test here
is skipped with that reason.  When the URI is set but nothing answers, the
first test's session fixture fails within the URI's serverSelectionTimeoutMS
(default here: 5 s) and every other test errors with the same message: no
test waits for PyMongo's 30 s default, none hangs.

Fixtures:

``uri``            the MONGODB_URI value
``server``         facts about the deployment (version, topology, members)
``plain_client``   a plain PyMongo 4 client (no shim), for setup and for
                   checking what the shim stored
``db_name``        a fresh database name per test, dropped afterwards
``legacy``         factory: ``legacy(Connection, **kw)`` /
                   ``legacy(MongoClient, **kw)`` builds a shim client from the
                   URI, closed after the test
``connection`` / ``mongo_client``  the 2.x defaults of each class
"""
import os
import uuid
import warnings

import pymongo
import pytest
from pymongo.errors import PyMongoError
from pymongo.uri_parser import parse_uri

URI_ENV = "MONGODB_URI"
ADMIN_ENV = "LEGACY_MONGO_INTEGRATION_ADMIN"
DEFAULT_SELECTION_TIMEOUT_MS = 5000
DB_PREFIX = "legacy_mongo_it_"


SKIP_REASON = ("MONGODB_URI is not set: integration tests need a real MongoDB, e.g. "
               "MONGODB_URI=mongodb://localhost:27017 (see tests/integration/README.md)")


def _uri():
    return os.environ.get(URI_ENV, "").strip()


def pytest_collection_modifyitems(config, items):
    """Legacy-mongo's warnings (one per 2.x call) are the point of the shim,
    not of these tests: keep the output readable."""
    here = os.path.dirname(os.path.abspath(__file__))
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.filterwarnings(
                "ignore::legacy_mongo.warnings.LegacyMongoWarning"))
            item.add_marker(pytest.mark.filterwarnings("ignore::DeprecationWarning"))
            item.add_marker(pytest.mark.filterwarnings("ignore::UserWarning"))


@pytest.fixture(autouse=True)
def _require_mongodb():
    if not _uri():
        pytest.skip(SKIP_REASON)


@pytest.fixture(scope="session")
def uri():
    value = _uri()
    if not value:
        pytest.skip(SKIP_REASON)
    return value


def _selection_timeout_kwargs(uri_value):
    """Respect a serverSelectionTimeoutMS given in the URI, else 5 s."""
    try:
        options = parse_uri(uri_value, warn=True)["options"]
    except Exception:  # an invalid URI fails below with PyMongo's message
        return {}
    if "serverselectiontimeoutms" in {k.lower() for k in options}:
        return {}
    return {"serverSelectionTimeoutMS": DEFAULT_SELECTION_TIMEOUT_MS}


class ServerFacts:
    def __init__(self, hello, build_info):
        self.hello = hello
        self.build_info = build_info
        self.version = tuple(build_info["versionArray"][:3])
        self.is_mongos = hello.get("msg") == "isdbgrid"
        self.is_replica_set = "setName" in hello
        self.is_standalone = not (self.is_mongos or self.is_replica_set)
        # Data-bearing members (arbiters and hidden members excluded from
        # "hosts"; passives counted: they acknowledge writes).
        self.data_members = len(hello.get("hosts", [])) + len(hello.get("passives", []))

    def __repr__(self):
        kind = ("mongos" if self.is_mongos
                else "replica set" if self.is_replica_set else "standalone")
        return "<MongoDB %s %s>" % (".".join(map(str, self.version)), kind)


@pytest.fixture(scope="session")
def plain_client(uri):
    client = pymongo.MongoClient(uri, **_selection_timeout_kwargs(uri))
    failure = None
    try:
        client.admin.command("ping")
    except PyMongoError as exc:
        failure = "%s: %s" % (type(exc).__name__, exc)
    if failure is not None:
        client.close()
        pytest.fail("%s=%s is set but the server cannot be reached (fix the URI or start "
                    "the server; unset %s to skip these tests): %s"
                    % (URI_ENV, uri, URI_ENV, failure), pytrace=False)
    yield client
    client.close()


@pytest.fixture(scope="session")
def server(plain_client):
    try:
        hello = plain_client.admin.command("hello")
    except PyMongoError:  # servers before 4.4.2 (and their backports) lack hello
        hello = plain_client.admin.command("isMaster")
    build_info = plain_client.admin.command("buildInfo")
    return ServerFacts(hello, build_info)


@pytest.fixture(autouse=True)
def _check_server_reachable(request):
    """Every test of this folder fails fast (cached session failure) when
    MONGODB_URI is set but unreachable, whatever fixtures it uses."""
    if _uri():
        request.getfixturevalue("server")


@pytest.fixture
def db_name(plain_client):
    name = DB_PREFIX + uuid.uuid4().hex[:12]
    yield name
    try:
        plain_client.drop_database(name)
    except PyMongoError:
        pass


@pytest.fixture
def second_db_name(plain_client):
    name = DB_PREFIX + uuid.uuid4().hex[:12]
    yield name
    try:
        plain_client.drop_database(name)
    except PyMongoError:
        pass


@pytest.fixture
def legacy(uri):
    """``legacy(cls, **kwargs)``: a legacy_mongo client for MONGODB_URI."""
    import legacy_mongo

    clients = []

    def make(cls="MongoClient", **kwargs):
        if isinstance(cls, str):
            cls = getattr(legacy_mongo, cls)
        kwargs = dict(_selection_timeout_kwargs(uri), **kwargs)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            client = cls(uri, **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        try:
            client.close()
        except Exception:
            pass


@pytest.fixture
def connection(legacy):
    """2.x ``Connection()``: unacknowledged writes, auto_start_request."""
    return legacy("Connection")


@pytest.fixture
def mongo_client(legacy):
    """2.x ``MongoClient()``: acknowledged writes."""
    return legacy("MongoClient")
