"""2.8 client options (spec §1.2-§1.4) onto PyMongo 4.

Each 2.8 keyword and URI option either maps onto its PyMongo 4 equivalent
(checked through ``client.options``, ``client.options.pool_options``,
``read_preference`` and ``codec_options``), is emulated by the shim, or is
refused with an error that names what to use instead.  Expected values come
from the semantics document (and 2.8.1's ``pymongo/common.py``,
``mongo_client.py`` and ``connection.py`` in the oracle virtualenv).

Nothing here needs a server: every client is built with ``_connect=False``.
"""
import ssl
import warnings

import pytest
from bson.binary import UuidRepresentation
from bson.son import SON
from pymongo.errors import ConfigurationError, InvalidURI

import legacy_mongo
from legacy_mongo.warnings import LegacyMongoWarning

CLASSES = ["MongoClient", "Connection"]


# Position of _connect in each signature (§1.2); build() adds _connect=False
# as a keyword only when the positional arguments stop before it.
_CONNECT_POSITION = {"MongoClient": 5, "Connection": 6, "MongoReplicaSetClient": 4,
                     "ReplicaSetConnection": None}


CA_FILE = "/etc/ssl/certs/ca-certificates.crt"  # any readable CA bundle
_BUILT = []


@pytest.fixture(autouse=True)
def _close_built_clients():
    yield
    while _BUILT:
        _BUILT.pop().close()


def build(cls="MongoClient", *args, **kwargs):
    position = _CONNECT_POSITION.get(cls)
    if position is None or len(args) <= position:
        kwargs.setdefault("_connect", False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client = getattr(legacy_mongo, cls)(*args, **kwargs)
    _BUILT.append(client)
    return client


def build_rs(cls="MongoReplicaSetClient", *args, **kwargs):
    kwargs.setdefault("_connect", False)
    kwargs.setdefault("replicaSet", "rs")
    return build(cls, *args, **kwargs)


def caught_codes(fn, *args, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn(*args, **kwargs)
    if hasattr(result, "close"):
        _BUILT.append(result)
    return caught, [w.message.code for w in caught if isinstance(w.message, LegacyMongoWarning)]


def pool(client):
    return client.options.pool_options


def seeds(client):
    return sorted(client.topology_description.server_descriptions())


# -- §1.1 / §1.7 defaults --------------------------------------------------------------

def test_defaults_mongo_client():
    c = build("MongoClient")
    assert pool(c).max_pool_size == 100
    assert c.max_pool_size == 100
    assert pool(c).socket_timeout is None
    assert pool(c).connect_timeout == 20.0
    assert pool(c).wait_queue_timeout is None
    assert (c.safe, c.write_concern) == (True, {})
    assert c.options.read_preference.mongos_mode == "primary"
    assert c.options.local_threshold_ms == 15
    assert c.codec_options.uuid_representation == UuidRepresentation.PYTHON_LEGACY
    assert c.codec_options.document_class is dict
    assert c.codec_options.tz_aware is False
    assert c.options.replica_set_name is None
    # 2.8 never retried an operation.
    assert c.options.retry_writes is False and c.options.retry_reads is False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert c.auto_start_request is False


def test_defaults_connection():
    c = build("Connection")
    # max_pool_size None: unbounded (PyMongo 4 spells it 0).
    assert c.max_pool_size is None
    assert pool(c).max_pool_size in (0, None)
    assert (c.safe, c.write_concern) == (False, {})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert c.auto_start_request is True
    assert isinstance(c, legacy_mongo.MongoClient)


def test_defaults_replica_set_classes():
    rs = build_rs("ReplicaSetConnection", "h1:27017,h2:27017")
    assert rs.max_pool_size is None and rs.safe is False
    assert rs.options.replica_set_name == "rs"
    mrsc = build_rs("MongoReplicaSetClient", "h1:27017,h2:27017")
    assert mrsc.max_pool_size == 100 and mrsc.safe is True


def test_connection_and_mongo_client_emit_no_user_warning():
    for cls in ("MongoClient", "Connection"):
        caught, _ = caught_codes(getattr(legacy_mongo, cls), _connect=False)
        assert not [w for w in caught if w.category is UserWarning]


# -- §1.2 positional signatures --------------------------------------------------------

def test_connection_positional_pool_then_network_timeout():
    # Connection(h, p, 10, 5) = pool size 10, 5-second socket timeout.
    c = build("Connection", "localhost", 27017, 10, 5)
    assert pool(c).max_pool_size == 10
    assert pool(c).socket_timeout == 5.0


def test_connection_full_positional_signature():
    from bson.son import SON as DocClass
    c = build("Connection", "localhost", 27017, 7, 2.5, DocClass, True, False)
    assert pool(c).max_pool_size == 7
    assert pool(c).socket_timeout == 2.5
    assert c.codec_options.document_class is DocClass
    assert c.codec_options.tz_aware is True


def test_mongo_client_positional_signature():
    # The 4th positional parameter is document_class for MongoClient.
    c = build("MongoClient", "localhost", 27017, 10, SON, True, False)
    assert pool(c).max_pool_size == 10
    assert c.codec_options.document_class is SON
    assert c.codec_options.tz_aware is True
    assert pool(c).socket_timeout is None


def test_mongo_replica_set_client_positional_signature():
    c = build("MongoReplicaSetClient", "h1:27017,h2:27018", 12, SON, True, False, replicaSet="rs")
    assert pool(c).max_pool_size == 12
    assert c.codec_options.document_class is SON and c.codec_options.tz_aware is True
    assert seeds(c) == [("h1", 27017), ("h2", 27018)]


def test_mongo_replica_set_client_host_and_port_keywords():
    # host= overrides hosts_or_uri; port= is the default port of the host strings.
    c = build_rs("MongoReplicaSetClient", "ignored:1", host="a,b:2", port=3000)
    assert seeds(c) == [("a", 3000), ("b", 2)]
    c = build_rs("MongoReplicaSetClient")
    assert seeds(c) == [("localhost", 27017)]


def test_replica_set_connection_positional_and_keywords():
    c = build_rs("ReplicaSetConnection", "h1:1,h2:2", 9, SON, True, network_timeout=3)
    assert pool(c).max_pool_size == 9
    assert c.codec_options.document_class is SON and c.codec_options.tz_aware is True
    assert pool(c).socket_timeout == 3.0


def test_replica_set_required():
    with pytest.raises(ConfigurationError, match="replicaSet"):
        build("MongoReplicaSetClient", "h1:1,h2:2")
    with pytest.raises(ConfigurationError, match="replicaSet"):
        build("ReplicaSetConnection", "h1:1,h2:2")
    # In the URI it counts as well.
    c = build("MongoReplicaSetClient", "mongodb://h1:1,h2:2/?replicaSet=x")
    assert c.options.replica_set_name == "x"


def test_replica_set_host_must_be_a_string():
    with pytest.raises(TypeError):
        build_rs("MongoReplicaSetClient", ["h1:1", "h2:2"])


# -- §1.3 host, port and URI handling -------------------------------------------------

def test_host_and_port_defaults_read_from_class_attributes_at_call_time():
    cls = legacy_mongo.MongoClient
    old = cls.HOST, cls.PORT
    try:
        cls.HOST, cls.PORT = "example.invalid", 4242
        assert seeds(build("MongoClient")) == [("example.invalid", 4242)]
        assert seeds(build("Connection")) == [("example.invalid", 4242)]
    finally:
        cls.HOST, cls.PORT = old
    assert seeds(build("MongoClient")) == [("localhost", 27017)]


@pytest.mark.parametrize("cls", CLASSES)
@pytest.mark.parametrize("port", ["27017", 1.5, True])
def test_port_must_be_an_int(cls, port):
    with pytest.raises(TypeError, match="port must be an instance of int"):
        build(cls, "localhost", port)


@pytest.mark.parametrize("host", [1, 1.14, {"a": 1}])
def test_host_of_wrong_type(host):
    with pytest.raises(TypeError):
        build("MongoClient", host)


def test_empty_host_list():
    with pytest.raises(ConfigurationError, match="at least one host"):
        build("MongoClient", [])


def test_host_lists_and_ports():
    c = build("MongoClient", ["a:1", "b", "mongodb://c:3,d/"], 5000)
    assert seeds(c) == [("a", 1), ("b", 5000), ("c", 3), ("d", 5000)]
    c = build("MongoClient", "x:1,y:2")
    assert seeds(c) == [("x", 1), ("y", 2)]
    c = build("MongoClient", "[::1]:27018")
    assert seeds(c) == [("::1", 27018)]


def test_invalid_uri_scheme():
    with pytest.raises(InvalidURI, match="Invalid URI scheme: http"):
        build("MongoClient", "http://localhost/")


@pytest.mark.parametrize("uri", [
    "mongodb://localhost?w=1",                 # a '/' is required before '?'
    "mongodb://localhost/?w=1&j=true;fsync=true",  # '&' and ';' mixed
    "mongodb://localhost/?w",                  # not key=value
])
def test_malformed_uri(uri):
    with pytest.raises(InvalidURI):
        build("MongoClient", uri)


def test_uri_semicolon_separator():
    c = build("MongoClient", "mongodb://localhost/?w=2;wtimeoutMS=5")
    assert c.write_concern == {"w": 2, "wtimeout": 5}


def test_unknown_uri_option_rejected():
    with pytest.raises(ConfigurationError, match="foo"):
        build("MongoClient", "mongodb://localhost/?foo=1")


def test_uri_options_case_insensitive():
    c = build("MongoClient", "mongodb://localhost/?W=2&JOURNAL=true&SocketTimeoutMS=1500")
    assert c.write_concern == {"w": 2, "j": True}
    assert pool(c).socket_timeout == 1.5


def test_uri_options_override_keywords():
    c = build("MongoClient", "mongodb://localhost/?w=2", w=3)
    assert c.write_concern == {"w": 2}
    c = build("MongoClient", "mongodb://localhost/?socketTimeoutMS=1000", socketTimeoutMS=9000)
    assert pool(c).socket_timeout == 1.0
    c = build("Connection", "mongodb://localhost/?safe=true", safe=False)
    assert c.safe is True
    c = build("MongoClient", "mongodb://localhost/?readPreference=secondary",
              read_preference=1)
    assert c.options.read_preference.mongos_mode == "secondary"


def test_several_uris_union_seeds_and_last_credentials_win():
    c = build("MongoClient", ["mongodb://u1:p1@a:1/db1", "mongodb://b:2/db2",
                              "mongodb://u3:p%403@[::1]:3/", "plain:4"])
    assert seeds(c) == [("::1", 3), ("a", 1), ("b", 2), ("plain", 4)]
    credentials = c.options.pool_options._credentials
    assert (credentials.username, credentials.password) == ("u3", "p@3")
    assert c.get_default_database().name == "db2"


def test_options_of_the_last_uri_win():
    # Earlier URIs' options are discarded, even if the last one has none.
    c = build("MongoClient", ["mongodb://a/?w=2", "mongodb://b/"])
    assert c.write_concern == {}
    c = build("MongoClient", ["mongodb://a/?w=2", "mongodb://b/?w=3"])
    assert c.write_concern == {"w": 3}


def test_get_default_database():
    c = build("MongoClient", "mongodb://localhost/mydb?authSource=admin")
    assert c.get_default_database().name == "mydb"
    c = build("MongoClient", "mongodb://localhost/?authSource=admin")
    with pytest.raises(ConfigurationError):
        c.get_default_database()


def test_single_seed_is_a_direct_connection():
    assert build("MongoClient", "h:1").options.direct_connection is True
    multi = build("MongoClient", "h:1,h:2")
    assert multi.options.direct_connection is not True
    rs = build("MongoClient", "h:1", replicaSet="rs")
    assert rs.options.direct_connection is not True


# -- §1.4 keyword / URI options -------------------------------------------------------

# max_pool_size -------------------------------------------------------------------------

@pytest.mark.parametrize("cls", CLASSES)
def test_max_pool_size(cls):
    assert pool(build(cls, max_pool_size=5)).max_pool_size == 5
    c = build(cls, max_pool_size=None)
    assert c.max_pool_size is None and pool(c).max_pool_size in (0, None)


@pytest.mark.parametrize("value", [-1, "foo", 1.5])
def test_max_pool_size_invalid(value):
    with pytest.raises(ConfigurationError):
        build("MongoClient", max_pool_size=value)


def test_max_pool_size_zero_refused_naming_none():
    # 2.8 accepted 0 and then blocked every checkout forever.
    with pytest.raises(ConfigurationError, match="None"):
        build("MongoClient", max_pool_size=0)


def test_max_pool_size_is_not_a_uri_option():
    with pytest.raises(ConfigurationError):
        build("MongoClient", "mongodb://localhost/?max_pool_size=5")


# document_class / tz_aware --------------------------------------------------------------

def test_document_class_and_tz_aware_keywords():
    c = build("MongoClient", document_class=SON, tz_aware=True)
    assert c.codec_options.document_class is SON and c.codec_options.tz_aware is True


@pytest.mark.parametrize("value,error", [("yes", ConfigurationError), (5, TypeError)])
def test_tz_aware_invalid(value, error):
    # 2.8: common.validate_boolean('tz_aware', value).
    with pytest.raises(error):
        build("MongoClient", tz_aware=value)


def test_tz_aware_string_booleans():
    assert build("MongoClient", tz_aware="true").codec_options.tz_aware is True
    assert build("MongoClient", tz_aware="false").codec_options.tz_aware is False


# _connect / connect ----------------------------------------------------------------------

def test_connect_false_keyword_maps_onto_underscore_connect():
    # The PyMongo 3+ name is an accepted extension; it used to crash with
    # "got multiple values for keyword argument 'connect'".
    for cls in ("MongoClient", "Connection"):
        c = build(cls, "localhost", connect=False, _connect=True)
        assert c.options.connect is False
    c = build_rs("ReplicaSetConnection", "h1:1,h2:2", connect=False, _connect=True)
    assert c.options.connect is False


def test_connect_uri_option():
    c = build("MongoClient", "mongodb://localhost/?connect=false", _connect=True)
    assert c.options.connect is False


def test_connect_invalid():
    with pytest.raises(ConfigurationError):
        build("MongoClient", connect="maybe")


def test_underscore_connect_false_contacts_nothing():
    c = build("Connection", "127.0.0.1:1", _connect=False)
    assert c.options.connect is False


# network_timeout ---------------------------------------------------------------------------

@pytest.mark.parametrize("value,seconds", [(5, 5.0), (0.25, 0.25)])
def test_network_timeout_is_socket_timeout_in_seconds(value, seconds):
    assert pool(build("Connection", network_timeout=value)).socket_timeout == seconds
    rs = build_rs("ReplicaSetConnection", "h1:1,h2:2", network_timeout=value)
    assert pool(rs).socket_timeout == seconds


def test_network_timeout_overrides_socket_timeout_keyword():
    c = build("Connection", network_timeout=2, socketTimeoutMS=9000)
    assert pool(c).socket_timeout == 2.0


@pytest.mark.parametrize("value", [0, -1, "5", [1]])
def test_network_timeout_invalid(value):
    with pytest.raises(ConfigurationError, match="network_timeout must be a positive integer"):
        build("Connection", network_timeout=value)


@pytest.mark.parametrize("cls", ["MongoClient", "MongoReplicaSetClient"])
def test_network_timeout_unknown_on_mongo_client(cls):
    with pytest.raises(ConfigurationError):
        build(cls, "h1:1,h2:2", network_timeout=5, replicaSet="rs")


def test_network_timeout_warns_lm106():
    _, codes = caught_codes(legacy_mongo.Connection, network_timeout=5, _connect=False)
    assert "LM106" in codes


# timeouts ------------------------------------------------------------------------------------

@pytest.mark.parametrize("option,attribute", [
    ("socketTimeoutMS", "socket_timeout"),
    ("connectTimeoutMS", "connect_timeout"),
    ("waitQueueTimeoutMS", "wait_queue_timeout"),
])
def test_timeouts_in_milliseconds(option, attribute):
    c = build("MongoClient", **{option: 1500})
    assert getattr(pool(c), attribute) == 1.5
    c = build("MongoClient", "mongodb://localhost/?%s=2500" % option)
    assert getattr(pool(c), attribute) == 2.5
    c = build("MongoClient", **{option.lower(): 500})  # case-insensitive keywords
    assert getattr(pool(c), attribute) == 0.5
    c = build("MongoClient", **{option: None})
    default = 20.0 if option == "connectTimeoutMS" else None
    assert getattr(pool(c), attribute) == default


@pytest.mark.parametrize("option", ["socketTimeoutMS", "connectTimeoutMS", "waitQueueTimeoutMS"])
@pytest.mark.parametrize("value", [0, -5, 1e10, "foo"])
def test_timeouts_invalid(option, value):
    with pytest.raises(ConfigurationError):
        build("MongoClient", **{option: value})


# waitQueueMultiple ------------------------------------------------------------------------------

def _wait_queue_multiple(client):
    # The shim's pool class (pinning.py) carries the limit it enforces.
    return client._topology_settings.pool_class._wait_queue_multiple


def test_wait_queue_multiple_is_emulated():
    c = build("MongoClient", max_pool_size=2, waitQueueMultiple=3)
    assert pool(c).max_pool_size == 2
    assert _wait_queue_multiple(c) == 3
    c = build("MongoClient", "mongodb://localhost/?waitQueueMultiple=4")
    assert _wait_queue_multiple(c) == 4
    assert _wait_queue_multiple(build("MongoClient")) is None
    _, codes = caught_codes(legacy_mongo.MongoClient, waitQueueMultiple=2, _connect=False)
    assert "LM109" in codes


@pytest.mark.parametrize("value,error", [(-1, ConfigurationError), (1.5, TypeError),
                                         ("x", TypeError)])
def test_wait_queue_multiple_invalid(value, error):
    with pytest.raises(error):
        build("MongoClient", waitQueueMultiple=value)


# socketKeepAlive -----------------------------------------------------------------------------------

def test_socket_keep_alive():
    build("MongoClient", socketKeepAlive=True)
    build("MongoClient", "mongodb://localhost/?socketKeepAlive=true")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        legacy_mongo.MongoClient(socketKeepAlive=False, _connect=False)
    # PyMongo 4 always keeps alive: asking for False is reported, not silently dropped.
    assert any(w.category is UserWarning and "socketKeepAlive" in str(w.message) for w in caught)
    with pytest.raises(TypeError):
        build("MongoClient", socketKeepAlive=5)


# auto_start_request ------------------------------------------------------------------------------

@pytest.mark.parametrize("cls,default", [("MongoClient", False), ("Connection", True)])
def test_auto_start_request(cls, default):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert build(cls).auto_start_request is default
        assert build(cls, auto_start_request=not default).auto_start_request is (not default)
        assert build(cls, "mongodb://localhost/?auto_start_request=%s"
                     % str(not default).lower()).auto_start_request is (not default)
    _, codes = caught_codes(getattr(legacy_mongo, cls), auto_start_request=True, _connect=False)
    assert "LM204" in codes


@pytest.mark.parametrize("value,error", [(None, TypeError), (5, TypeError),
                                         ("hi!", ConfigurationError)])
def test_auto_start_request_invalid(value, error):
    with pytest.raises(error):
        build("MongoClient", auto_start_request=value)


# use_greenlets --------------------------------------------------------------------------------------

def test_use_greenlets_true_refused_naming_the_replacement():
    with pytest.raises(ConfigurationError, match="gevent|monkey"):
        build("MongoClient", use_greenlets=True)
    with pytest.raises(ConfigurationError):
        build_rs("MongoReplicaSetClient", "h1:1,h2:2", use_greenlets=True)


def test_use_greenlets_false_accepted():
    build("MongoClient", use_greenlets=False)
    _, codes = caught_codes(legacy_mongo.MongoClient, use_greenlets=False, _connect=False)
    assert "LM107" in codes


# safe and write concern keywords -----------------------------------------------------------------

def test_write_concern_keywords_and_aliases():
    c = build("MongoClient", wtimeoutMS=5, journal=True, fsync=False, w="majority")
    assert c.write_concern == {"wtimeout": 5, "j": True, "fsync": False, "w": "majority"}
    c = build("MongoClient", "mongodb://localhost/?wtimeout=7&j=false&fsync=true&w=1")
    assert c.write_concern == {"wtimeout": 7, "j": False, "fsync": True, "w": 1}
    assert build("MongoClient", WTimeoutMS=9).write_concern == {"wtimeout": 9}


@pytest.mark.parametrize("kwargs,error", [
    ({"w": 1.5}, TypeError), ({"wtimeout": "x"}, ConfigurationError),
    ({"j": 5}, TypeError), ({"safe": "maybe"}, ConfigurationError),
])
def test_write_concern_keywords_invalid(kwargs, error):
    with pytest.raises(error):
        build("MongoClient", **kwargs)


def test_safe_keyword_warns_lm302():
    _, codes = caught_codes(legacy_mongo.MongoClient, safe=False, _connect=False)
    assert "LM302" in codes


# replicaSet ------------------------------------------------------------------------------------------

def test_replica_set_option():
    c = build("MongoClient", "h:1", replicaSet="rs0")
    assert c.options.replica_set_name == "rs0"
    c = build("MongoClient", "mongodb://h:1/?replicaset=rs1")
    assert c.options.replica_set_name == "rs1"


# slave_okay -----------------------------------------------------------------------------------------

def test_slave_okay():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c = build("MongoClient", slave_okay=True)
        assert c.slave_okay is True
    assert c.options.read_preference.mongos_mode == "secondaryPreferred"
    c = build("MongoClient", "mongodb://localhost/?slaveOk=true")
    assert c.options.read_preference.mongos_mode == "secondaryPreferred"
    # An explicit read preference wins over slave_okay.
    c = build("MongoClient", slave_okay=True, read_preference=2)
    assert c.options.read_preference.mongos_mode == "secondary"
    _, codes = caught_codes(legacy_mongo.MongoClient, slave_okay=True, _connect=False)
    assert "LM108" in codes
    with pytest.raises(TypeError):
        build("MongoClient", slave_okay=1)


# read_preference / tag_sets -------------------------------------------------------------------------

@pytest.mark.parametrize("value,mode", [
    (0, "primary"), (1, "primaryPreferred"), (2, "secondary"), (3, "secondaryPreferred"),
    (4, "nearest"), ("primary", "primary"), ("secondaryPreferred", "secondaryPreferred"),
    ("nearest", "nearest"),
])
def test_read_preference(value, mode):
    assert build("MongoClient", read_preference=value).options.read_preference.mongos_mode == mode
    assert build("MongoClient", readPreference=value).options.read_preference.mongos_mode == mode


def test_read_preference_uri():
    c = build("MongoClient", "mongodb://localhost/?readPreference=nearest")
    assert c.options.read_preference.mongos_mode == "nearest"


@pytest.mark.parametrize("value", [5, -1, "bogus", None, 1.5])
def test_read_preference_invalid(value):
    with pytest.raises(ConfigurationError, match="Not a valid read preference"):
        build("MongoClient", read_preference=value)


def test_tag_sets():
    c = build("MongoClient", read_preference=2, tag_sets=[{"dc": "ny"}, {}])
    assert c.options.read_preference.tag_sets == [{"dc": "ny"}, {}]
    c = build("MongoClient", "mongodb://localhost/?readPreference=secondary"
              "&readPreferenceTags=dc:ny,rack:1&readPreferenceTags=")
    assert c.options.read_preference.tag_sets == [{"dc": "ny", "rack": "1"}, {}]
    # None means [{}], which PRIMARY accepts.
    build("MongoClient", tag_sets=None)
    build("MongoClient", tag_sets=[{}])


@pytest.mark.parametrize("value", [{"dc": "ny"}, [], ["dc"]])
def test_tag_sets_invalid(value):
    with pytest.raises(ConfigurationError):
        build("MongoClient", read_preference=2, tag_sets=value)


def test_tags_with_primary_refused():
    with pytest.raises(ConfigurationError, match="PRIMARY cannot be combined with tags"):
        build("MongoClient", tag_sets=[{"dc": "ny"}])


# secondary_acceptable_latency_ms ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["secondary_acceptable_latency_ms",
                                  "secondaryAcceptableLatencyMS"])
def test_secondary_acceptable_latency_is_local_threshold(name):
    assert build("MongoClient", **{name: 35}).options.local_threshold_ms == 35
    assert build("MongoClient", **{name: 0}).options.local_threshold_ms == 0
    c = build("MongoClient", "mongodb://localhost/?%s=40" % name)
    assert c.options.local_threshold_ms == 40


def test_secondary_acceptable_latency_invalid():
    with pytest.raises(ConfigurationError):
        build("MongoClient", secondary_acceptable_latency_ms=-1)


# uuidRepresentation -------------------------------------------------------------------------------------

@pytest.mark.parametrize("value,expected", [
    ("standard", UuidRepresentation.STANDARD),
    ("pythonLegacy", UuidRepresentation.PYTHON_LEGACY),
    ("javaLegacy", UuidRepresentation.JAVA_LEGACY),
    ("csharpLegacy", UuidRepresentation.CSHARP_LEGACY),
])
def test_uuid_representation(value, expected):
    assert build("MongoClient", uuidRepresentation=value).codec_options.uuid_representation \
        == expected
    c = build("MongoClient", "mongodb://localhost/?uuidRepresentation=%s" % value)
    assert c.codec_options.uuid_representation == expected


def test_uuid_representation_invalid():
    with pytest.raises(ConfigurationError):
        build("MongoClient", uuidRepresentation="bogus")


# ssl ----------------------------------------------------------------------------------------------------

def _tls(client):
    return client.options._options.get("tls")


def test_ssl_maps_to_tls():
    assert _tls(build("MongoClient", ssl=True)) is True
    assert _tls(build("MongoClient", "mongodb://localhost/?ssl=true")) is True
    assert not _tls(build("MongoClient", ssl=False))


def test_ssl_cert_reqs_none_allows_invalid_certificates():
    c = build("MongoClient", ssl=True, ssl_cert_reqs=ssl.CERT_NONE)
    assert c.options._options.get("tlsAllowInvalidCertificates") is True
    c = build("MongoClient", ssl_cert_reqs="CERT_NONE")
    assert _tls(c) is True  # an ssl_* keyword implies ssl=True


def test_ssl_cert_reqs_required_needs_ca_certs():
    with pytest.raises(ConfigurationError, match="ssl_ca_certs"):
        build("MongoClient", ssl=True, ssl_cert_reqs=ssl.CERT_REQUIRED)


def test_ssl_false_with_ssl_options_refused(tmp_path):
    with pytest.raises(ConfigurationError):
        build("MongoClient", ssl=False, ssl_cert_reqs=ssl.CERT_NONE)
    key = tmp_path / "k.pem"
    key.write_text("x")
    with pytest.raises(ConfigurationError):
        build("MongoClient", ssl=False, ssl_certfile=str(key))


def test_ssl_keyfile_and_certfile_must_be_one_pem(tmp_path):
    a, b = tmp_path / "a.pem", tmp_path / "b.pem"
    a.write_text("x")
    b.write_text("y")
    with pytest.raises(ConfigurationError, match="tlsCertificateKeyFile"):
        build("MongoClient", ssl_keyfile=str(a), ssl_certfile=str(b))


def test_ssl_files_must_exist():
    # 2.8 opened the files at construction (IOError).
    with pytest.raises(IOError):
        build("MongoClient", ssl_certfile="/nonexistent/cert.pem")
    with pytest.raises(IOError):
        build("MongoClient", ssl_keyfile="/nonexistent/key.pem")
    with pytest.raises(IOError):
        build("MongoClient", ssl_ca_certs="/nonexistent/ca.pem", ssl_cert_reqs=ssl.CERT_REQUIRED)


def test_ssl_cert_reqs_invalid():
    with pytest.raises(ConfigurationError):
        build("MongoClient", ssl=True, ssl_cert_reqs=7)


# auth -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("mechanism", ["MONGODB-CR", "CRAM-MD5"])
def test_removed_auth_mechanisms_refused_naming_scram(mechanism):
    with pytest.raises(ConfigurationError, match="SCRAM"):
        build("MongoClient", "mongodb://u:p@localhost/?authMechanism=%s" % mechanism)
    with pytest.raises(ConfigurationError, match="SCRAM"):
        build("MongoClient", "mongodb://u:p@localhost/", authMechanism=mechanism)


def _credentials(client):
    return client.options.pool_options._credentials


@pytest.mark.parametrize("mechanism", ["SCRAM-SHA-1", "PLAIN", "DEFAULT"])
def test_auth_mechanisms_kept(mechanism):
    c = build("MongoClient", "mongodb://u:p@localhost/?authMechanism=%s" % mechanism)
    assert _credentials(c).mechanism == mechanism


def test_auth_source():
    c = build("MongoClient", "mongodb://u:p@localhost/mydb?authSource=other")
    assert _credentials(c).source == "other"
    assert c.get_default_database().name == "mydb"
    c = build("MongoClient", "mongodb://u:p@localhost/", authSource="kw")
    assert _credentials(c).source == "kw"


def test_gssapi_service_name_becomes_mechanism_property():
    c = build("MongoClient", "mongodb://u@localhost/?authMechanism=GSSAPI"
              "&gssapiServiceName=svc")
    assert _credentials(c).mechanism_properties.service_name == "svc"
    c = build("MongoClient", "mongodb://u@localhost/?authMechanism=GSSAPI"
              "&authMechanismProperties=SERVICE_NAME:other")
    assert _credentials(c).mechanism_properties.service_name == "other"


# unknown and modern options -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["_pool_class", "_event_class", "_monitor_class", "_foo"])
def test_underscore_options_rejected(name):
    with pytest.raises(ConfigurationError, match=name):
        build("MongoClient", **{name: object()})


def test_unknown_option_rejected():
    with pytest.raises(ConfigurationError, match="foo"):
        build("MongoClient", foo=1)


def test_modern_names_are_an_accepted_extension():
    # 2.8 refused these ("Unknown option"); the shim passes them to PyMongo 4.
    c = build("MongoClient", maxPoolSize=7, appname="x", serverSelectionTimeoutMS=1234)
    assert pool(c).max_pool_size == 7
    assert c.options.server_selection_timeout == 1.234
    assert pool(build("Connection", maxpoolsize=3)).max_pool_size == 3
    assert pool(build("Connection", "mongodb://localhost/?maxPoolSize=4")).max_pool_size == 4
    # A modern option PyMongo 4 itself does not know is still refused.
    with pytest.raises(ConfigurationError):
        build("MongoClient", "mongodb://localhost/?maxPoolSiz=4")


# MasterSlaveConnection ---------------------------------------------------------------------------------------

def test_master_slave_connection_refused_naming_replica_set():
    master = build("MongoClient")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(ConfigurationError, match="replica set"):
            legacy_mongo.MasterSlaveConnection(master, [build("MongoClient")])
    assert "LM104" in [w.message.code for w in caught if isinstance(w.message, LegacyMongoWarning)]


# warnings for 2.x-only option names (keyword or URI) -------------------------------------------------

@pytest.mark.parametrize("args,kwargs,code", [
    ((), {"wtimeout": 5}, "LM308"),
    (("mongodb://localhost/?wtimeout=5",), {}, "LM308"),
    ((), {"j": True}, "LM309"),
    (("mongodb://localhost/?j=true",), {}, "LM309"),
    ((), {"safe": True}, "LM302"),
    (("mongodb://localhost/?safe=true",), {}, "LM302"),
    ((), {"slaveOk": True}, "LM108"),
    (("mongodb://localhost/?slaveok=true",), {}, "LM108"),
    (("mongodb://localhost/?waitQueueMultiple=2",), {}, "LM109"),
    (("mongodb://localhost/?auto_start_request=true",), {}, "LM204"),
    ((), {"socketKeepAlive": True}, "LM113"),
    (("mongodb://localhost/?socketKeepAlive=true",), {}, "LM113"),
    ((), {"read_preference": 2}, "LM110"),
    ((), {"read_preference": 2, "tag_sets": [{"dc": "ny"}]}, "LM111"),
    ((), {"secondary_acceptable_latency_ms": 20}, "LM112"),
    (("mongodb://localhost/?secondaryAcceptableLatencyMS=20",), {}, "LM112"),
    ((), {"ssl_cert_reqs": ssl.CERT_NONE}, "LM116"),
    ((), {"ssl": True}, "LM116"),
    ((), {"ssl_ca_certs": CA_FILE}, "LM115"),
    (("mongodb://u@localhost/?authMechanism=GSSAPI&gssapiServiceName=s",), {}, "LM117"),
])
def test_legacy_option_names_warn_with_their_code(args, kwargs, code):
    _, codes = caught_codes(legacy_mongo.MongoClient, *args, _connect=False, **kwargs)
    assert code in codes


@pytest.mark.parametrize("args,kwargs", [
    ((), {"wtimeoutMS": 5, "journal": True, "w": 1}),
    (("mongodb://localhost/?wtimeoutMS=5&journal=true&w=1",), {}),
    (("mongodb://localhost/?readPreference=secondary&readPreferenceTags=dc:ny",), {}),
    ((), {"readPreference": "secondary", "localThresholdMS": 5, "tls": False}),
])
def test_modern_write_concern_names_do_not_warn(args, kwargs):
    _, codes = caught_codes(legacy_mongo.MongoClient, *args, _connect=False, **kwargs)
    assert codes == []


def test_unix_socket_paths():
    # 2.8's split_hosts: a host ending in .sock is a UNIX socket, no port.
    c = build("MongoClient", "/tmp/mongodb-27017.sock")
    assert seeds(c) == [("/tmp/mongodb-27017.sock", None)]
    c = build("MongoClient", ["/tmp/a.sock", "mongodb://h:1/"])
    assert ("/tmp/a.sock", None) in seeds(c) and ("h", 1) in seeds(c)


def test_uri_credentials_and_database_path():
    c = build("MongoClient", "mongodb://u%3Ax:p%40@h/db.coll")
    credentials = c.options.pool_options._credentials
    assert (credentials.username, credentials.password) == ("u:x", "p@")
    assert c.get_default_database().name == "db"
    for uri in ("mongodb://u:p:x@h/", "mongodb://u@x:p@h/"):
        with pytest.raises(InvalidURI):
            build("MongoClient", uri)


@pytest.mark.parametrize("connect", [True, False])
def test_server_selection_gives_up_after_the_connect_timeout(connect):
    # 2.8 failed after connectTimeoutMS (default 20 s), lazy clients at
    # their first operation; PyMongo 4's default would be 30 s.
    c = build("MongoClient", "127.0.0.1:1", _connect=False, connectTimeoutMS=1500)
    assert c.options.server_selection_timeout == 1.5
    assert build("MongoClient", "127.0.0.1:1").options.server_selection_timeout == 20.0


# §1.5 connecting in the constructor --------------------------------------------------------------------

@pytest.mark.parametrize("cls", CLASSES)
def test_unreachable_server_raises_exactly_connection_failure(cls):
    import time

    from pymongo.errors import ConnectionFailure
    start = time.monotonic()
    with pytest.raises(ConnectionFailure) as info:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            getattr(legacy_mongo, cls)("127.0.0.1", 1, connectTimeoutMS=400)
    assert type(info.value) is ConnectionFailure  # not the AutoReconnect subclass
    assert time.monotonic() - start < 10  # gave up after the connect timeout


@pytest.mark.parametrize("cls,seeds,kwargs", [
    ("MongoClient", ("127.0.0.1", 1), {}),  # refused
    ("Connection", ("127.0.0.1", 1), {}),
    ("MongoClient", ("no-such-host.invalid",), {}),  # does not resolve
    ("MongoClient", ("127.0.0.1:1,127.0.0.1:2",), {}),
    ("MongoReplicaSetClient", ("127.0.0.1:1,127.0.0.1:2",), {"replicaSet": "rs"}),
])
def test_refused_seeds_fail_at_once_not_after_the_connect_timeout(cls, seeds, kwargs):
    # 2.8.1 (checked against it) tried each seed once and raised
    # ConnectionFailure within milliseconds when every one was refused or did
    # not resolve; PyMongo 4's server selection would retry for the whole
    # serverSelectionTimeoutMS (here the default connect timeout, 20 s).
    import time

    from pymongo.errors import ConnectionFailure
    start = time.monotonic()
    with pytest.raises(ConnectionFailure) as info:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            getattr(legacy_mongo, cls)(*seeds, **kwargs)
    assert type(info.value) is ConnectionFailure
    assert time.monotonic() - start < 5
    for seed in seeds[0].split(","):
        if ":" in seed:
            assert seed in str(info.value)  # every seed's failure is named


def test_constructor_connects_to_a_reachable_server(server):
    build("Connection", server.host_string, _connect=True)
    assert any(r.op == "hello" for r in server.log())



@pytest.mark.parametrize("keyfile_option", ["ssl_certfile", "ssl_keyfile"])
def test_ssl_certificate_file_options_warn_lm114(tmp_path, keyfile_option):
    # Only the code is checked: the file is not a real certificate.
    pem = tmp_path / "client.pem"
    pem.write_text("not a certificate")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            legacy_mongo.MongoClient(_connect=False, **{keyfile_option: str(pem)})
        except Exception:
            pass
    assert "LM114" in [w.message.code for w in caught if isinstance(w.message, LegacyMongoWarning)]


def test_mongodb_cr_warns_lm118_then_raises():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(ConfigurationError):
            legacy_mongo.MongoClient("mongodb://u:p@localhost/?authMechanism=MONGODB-CR",
                                     _connect=False)
    assert "LM118" in [w.message.code for w in caught if isinstance(w.message, LegacyMongoWarning)]


# 2.8 verified the server certificate only when ssl_cert_reqs asked for it -------------------------
# (2.8.1 pool.py: ``if use_ssl and not ssl_cert_reqs: ssl_cert_reqs = CERT_NONE``).  One decided
# difference: a CA file alone now verifies (issue 10: naming a CA means to verify).

def _verifies(client):
    return not client.options._options.get("tlsAllowInvalidCertificates", False)


@pytest.mark.parametrize("args,kwargs,verifies", [
    ((), {"ssl": True}, False),                                   # 2.8: CERT_NONE
    (("mongodb://localhost/?ssl=true",), {}, False),
    ((), {"ssl": True, "ssl_ca_certs": CA_FILE}, True),            # CA alone: 2.8 did not verify
    ((), {"ssl_cert_reqs": ssl.CERT_NONE}, False),
    ((), {"ssl_cert_reqs": ssl.CERT_REQUIRED, "ssl_ca_certs": CA_FILE}, True),
    ((), {"ssl_cert_reqs": ssl.CERT_OPTIONAL, "ssl_ca_certs": CA_FILE}, True),
    ((), {"ssl": True, "ssl_cert_reqs": "CERT_REQUIRED", "ssl_ca_certs": CA_FILE}, True),
    # PyMongo 4 spellings keep PyMongo 4's meaning.
    ((), {"tls": True}, True),
    ((), {"tls": True, "tlsCAFile": CA_FILE}, True),
    ((), {"ssl": True, "tlsAllowInvalidHostnames": True}, True),
])
def test_certificate_verification_as_in_2_8(args, kwargs, verifies):
    c = build("MongoClient", *args, **kwargs)
    assert c.options._options.get("tls") is True
    assert _verifies(c) is verifies


def test_ssl_false_means_no_tls():
    c = build("MongoClient", ssl=False)
    assert not c.options._options.get("tls")
    assert "tlsAllowInvalidCertificates" not in c.options._options


def test_refused_credentials_fail_the_constructor(server):
    """2.8 authenticated in the constructor and raised ConfigurationError
    when URI credentials were refused."""
    # The test server knows no saslStart: authentication fails.
    with pytest.raises(ConfigurationError):
        build("MongoClient", "mongodb://u:p@%s/" % server.host_string, _connect=True,
              connectTimeoutMS=2000)


def test_a_server_refusing_ping_without_credentials_still_connects(server):
    """2.8 connected to a server that answered its first command with an
    error (e.g. one that requires authentication) when no credentials were
    given: only credentials refused at construction are an error."""
    server.fail_command("ping", {"ok": 0, "code": 13, "errmsg": "command ping requires authentication"})
    client = build("MongoClient", server.host_string, _connect=True, connectTimeoutMS=2000)
    assert client is not None


@pytest.mark.parametrize("kwargs,reason", [
    ({"ssl": True}, "ssl=True without ssl_ca_certs"),
    ({"ssl": True, "ssl_cert_reqs": ssl.CERT_NONE}, "ssl_cert_reqs=CERT_NONE"),
])
def test_unverified_tls_says_so_on_a_visible_warning_and_the_log(kwargs, reason, caplog):
    import logging

    from legacy_mongo.runtime.options import CertificateVerificationWarning

    with warnings.catch_warnings(record=True) as caught:
        # Python's default filters: DeprecationWarning is hidden outside
        # __main__, a UserWarning subclass is shown.
        warnings.resetwarnings()
        warnings.simplefilter("default")
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        with caplog.at_level(logging.WARNING, logger="legacy_mongo"):
            _BUILT.append(legacy_mongo.MongoClient(_connect=False, **kwargs))
    shown = [w for w in caught if issubclass(w.category, CertificateVerificationWarning)]
    assert len(shown) == 1 and issubclass(shown[0].category, UserWarning)
    text = str(shown[0].message)
    assert "certificate verification is disabled" in text and reason in text
    assert "tlsCAFile" in text
    assert shown[0].filename == __file__
    logged = [r for r in caplog.records if r.name == "legacy_mongo"]
    assert [r.getMessage() for r in logged] == [text]


@pytest.mark.parametrize("kwargs", [
    {"ssl": True, "ssl_ca_certs": CA_FILE},
    {"ssl": True, "tlsAllowInvalidCertificates": True},  # PyMongo 4's own, chosen knowingly
    {"tls": True},
])
def test_verified_or_knowingly_unverified_tls_does_not_warn(kwargs):
    from legacy_mongo.runtime.options import CertificateVerificationWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _BUILT.append(legacy_mongo.MongoClient(_connect=False, **kwargs))
    assert not [w for w in caught if issubclass(w.category, CertificateVerificationWarning)]


def test_operations_fail_fast_while_no_server_answers():
    # 2.8.1 (checked against it) tried the server once per operation: a lazy
    # client's operations, and every operation while the server was down,
    # raised AutoReconnect within milliseconds when the connection was
    # refused; PyMongo 4's server selection waits serverSelectionTimeoutMS
    # (the 20 s connect timeout here) for a server to come back.
    import time

    from pymongo.errors import AutoReconnect
    from tests.server import TestServer

    with TestServer(max_wire_version=21) as srv:
        port = srv.port
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            client = legacy_mongo.MongoClient("127.0.0.1", port)
            client.db.c.insert({"a": 1})
    try:
        for label, op in [("find_one", lambda: client.db.c.find_one()),
                          ("insert", lambda: client.db.c.insert({"a": 2})),
                          ("find_one again", lambda: client.db.c.find_one())]:
            start = time.monotonic()
            with pytest.raises(AutoReconnect):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    op()
            assert time.monotonic() - start < 3, label
    finally:
        client.close()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lazy = legacy_mongo.MongoClient("127.0.0.1", 1, _connect=False)
    try:
        start = time.monotonic()
        with pytest.raises(AutoReconnect):
            lazy.db.c.find_one()
        assert time.monotonic() - start < 3
    finally:
        lazy.close()
