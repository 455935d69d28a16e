"""The 2.x client classes, as subclasses of PyMongo 4's ``MongoClient``.

``Connection``/``ReplicaSetConnection`` keep 2.8's defaults (unacknowledged
writes, ``auto_start_request=True``, unbounded pool); ``MongoClient``/
``MongoReplicaSetClient`` acknowledge writes (spec §1.1).  Every instance is
a ``pymongo.MongoClient`` (``isinstance`` holds, modern methods work) whose
databases, collections and cursors are the legacy subclasses.

Requests: each client owns a :class:`RequestRegistry` and hands PyMongo a
per-client :class:`PinnedSocketPool` class through the ``_pool_class`` seam.
"""
import time as _time
import warnings as _warnings

from pymongo import uri_parser
from pymongo.read_preferences import ReadPreference
from pymongo.topology_description import TOPOLOGY_TYPE
# The real class, from the module install() never patches (it rebinds
# pymongo.MongoClient to the legacy class).
from pymongo.synchronous.mongo_client import MongoClient as ModernMongoClient
from pymongo.synchronous.topology import Topology as ModernTopology
from pymongo.errors import (
    ConfigurationError,
    ConnectionFailure,
    InvalidURI,
    OperationFailure,
    PyMongoError,
    ServerSelectionTimeoutError,
)

from legacy_mongo.runtime import options as legacy_options
from legacy_mongo.runtime import outcomes
from legacy_mongo.runtime.base import LegacyBase
from legacy_mongo.runtime.client_methods import LegacyClientMethods
from legacy_mongo.runtime.database import LegacyDatabase
from legacy_mongo.runtime.pinning import pool_class_for
from legacy_mongo.runtime.requests import Request, RequestMemberSelector, RequestRegistry
from legacy_mongo.warnings import warn_legacy
from legacy_mongo.runtime import private_names  # noqa: F401  (2.8's private names)

_SCHEME = "mongodb://"


class _FailFastTopology(ModernTopology):
    """PyMongo 4's Topology whose server selection gives up, as 2.8 did, as
    soon as every server has failed a check made after the operation began.

    2.8 tried the server(s) once per operation and raised AutoReconnect at
    once when the connection was refused or the name did not resolve (a
    lazy client's first operation, every operation while the server is
    down); PyMongo 4 waits serverSelectionTimeoutMS (the shim sets it to the
    connect timeout, 20 s) for a server to come back.  Only the case where
    no server answers at all changes: with one server known, selection is
    PyMongo 4's, waits included (a replica set without a primary).  The
    instance's class is swapped in by ``MongoClient._init_background``."""

    # Seeds that answered as something other than a member of the set named
    # by replicaSet (a standalone, a mongos, another set's member).
    _legacy_not_members = ()

    def _process_change(self, server_description, *args, **kwargs):
        # Held: self._lock.  PyMongo 4 drops such a seed from the topology and
        # waits for the set to appear; 2.8 refused it at once (see
        # _legacy_refuse_foreign_seeds).  Record it before it is dropped.
        name = self._settings.replica_set_name
        if (name is not None and server_description.is_server_type_known
                and server_description.replica_set_name != name
                and server_description.address in self._settings.seeds
                and server_description.address not in self._legacy_not_members):
            self._legacy_not_members += (server_description.address,)
        super()._process_change(server_description, *args, **kwargs)

    def _select_servers_loop(self, selector, timeout, *args, **kwargs):
        if timeout > 0:
            # Each wait below, and PyMongo's own loop after them, gets what is
            # left of the operation's timeout, not a fresh one.
            deadline = _time.monotonic() + timeout
            self._legacy_refuse_foreign_seeds()
            self._legacy_fail_fast(timeout)
            self._legacy_refuse_foreign_seeds()
            # (operation, operation_id, address, ...): a server named by address
            # (a getMore's) is PyMongo 4's to wait for
            address = args[2] if len(args) > 2 else kwargs.get("address")
            if address is None and self._description.topology_type in _REPLICA_SET_TYPES:
                self._legacy_fail_fast_no_match(selector, max(0.0, deadline - _time.monotonic()))
            timeout = max(0.0, deadline - _time.monotonic())
        return super()._select_servers_loop(selector, timeout, *args, **kwargs)

    def _legacy_refuse_foreign_seeds(self):
        """2.8 (MongoClient and MongoReplicaSetClient alike) raised
        ConfigurationError("h:p is not a member of replica set NAME") as soon
        as a seed answered with another set name, or as a standalone or
        mongos; PyMongo 4 drops the seed and, when no seed is left, waits
        serverSelectionTimeoutMS and raises ServerSelectionTimeoutError.
        Raise 2.8's error once every seed is gone that way (with one seed
        of the set still known, PyMongo 4 goes on: 2.8's answer then hung on
        the order it tried the seeds in)."""
        # Held: self._lock.
        if self._legacy_not_members and not self._description.server_descriptions():
            host, port = self._legacy_not_members[0]
            raise ConfigurationError("%s:%d is not a member of replica set %s"
                                     % (host, port, self._settings.replica_set_name))

    def _legacy_fail_fast_no_match(self, selector, timeout):
        """A replica set whose known members do not match (no primary, a write
        meanwhile): 2.8 raised AutoReconnect ("No primary available") from the
        state it had, at once; PyMongo 4 waits serverSelectionTimeoutMS for an
        election.  Check every member once more and raise when, checked
        afresh, none matches."""
        # Held: self._lock.
        if self._legacy_matches(selector):
            return
        start = _time.monotonic()
        self._ensure_opened()
        self._request_check_all()

        def verdict(servers):
            if self._legacy_matches(selector):
                return True
            self._legacy_refuse_foreign_seeds()
            if servers and all(sd.last_update_time >= start and (
                    sd.is_server_type_known or sd.error is not None) for sd in servers):
                raise ServerSelectionTimeoutError(
                    "%s (every member checked just now; 2.8 raised AutoReconnect at once)"
                    % self._error_message(selector))
            return False

        _wait_for_checks(self, start + timeout, verdict)

    def _legacy_matches(self, selector):
        return bool(self._description.apply_selector(
            selector, None, custom_selector=self._settings.server_selector))

    def _legacy_fail_fast(self, timeout):
        # Held: self._lock (select_servers holds it around the loop).
        servers = self._description.server_descriptions().values()
        if not servers or any(sd.is_server_type_known for sd in servers):
            return  # a server answered: PyMongo 4's selection
        # No server known (none checked yet, or every check failed): like
        # 2.8, try each once now, and fail when every one of them fails.
        start = _time.monotonic()
        self._ensure_opened()
        self._request_check_all()
        _await_checks(self, start + timeout, ServerSelectionTimeoutError, since=start)


# Only a replica set can have known members none of which matches and get one
# by an election; a single server or mongos that does not answer is unknown
# (_FailFastTopology._legacy_fail_fast), and its clients skip the extra
# selector pass on every operation.
_REPLICA_SET_TYPES = frozenset((TOPOLOGY_TYPE.ReplicaSetNoPrimary,
                                TOPOLOGY_TYPE.ReplicaSetWithPrimary))


def _wait_for_checks(topology, deadline, verdict):
    """Wait, holding *topology*'s lock, until *verdict(server descriptions)* is
    true (it may raise instead), or until *deadline*: the caller's server
    selection then times out as PyMongo 4's does."""
    while not verdict(list(topology._description.server_descriptions().values())):
        remaining = deadline - _time.monotonic()
        if remaining <= 0:
            return
        topology._condition.wait(min(remaining, 0.5))


def _await_checks(topology, deadline, error, since=None):
    """Wait, holding *topology*'s lock, until a server is known (then return) or
    every server's check has failed (a check made at or after *since*, when
    given): then raise *error* with their errors.  Return at *deadline*."""
    def verdict(servers):
        if not servers or any(sd.is_server_type_known for sd in servers):
            return True
        if all(sd.error is not None and (since is None or sd.last_update_time >= since)
               for sd in servers):
            raise error(", ".join(str(sd.error) for sd in servers))
        return False

    _wait_for_checks(topology, deadline, verdict)


# maxConnecting when the pool itself is unbounded (2.8 had no such limit).
_NO_CONNECTING_LIMIT = 2 ** 31 - 1


def _validate_max_pool_size(value):
    if value is None:
        return 0  # PyMongo 4: 0 means no limit, 2.8's None
    # 2.8's validate_positive_integer_or_none: digit strings and bools too.
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if not isinstance(value, int) or value < 0:
        raise ConfigurationError("max_pool_size must be a non-negative integer or None")
    value = int(value)
    if value == 0:
        raise ConfigurationError(
            "max_pool_size=0 made every operation block forever in PyMongo 2.8; "
            "use max_pool_size=None for an unbounded pool."
        )
    return value


def _split_hosts(host, port):
    """2.8's host handling: a string or list of strings, each a URI or a
    comma-separated host list.  Returns (seeds, seed count, URI options of
    the last URI)."""
    if isinstance(host, str):
        entities = [host]
    elif isinstance(host, (list, tuple)):
        entities = list(host)
        if not entities:
            raise ConfigurationError("need to specify at least one host")
    else:
        raise TypeError("host must be a string or a list of strings")
    seeds, count, uri_options, uri_bases = [], 0, [], []
    for entity in entities:
        if not isinstance(entity, str):
            raise TypeError("host must be a string or a list of strings")
        if "://" in entity:
            if not entity.startswith(_SCHEME):
                raise InvalidURI("Invalid URI scheme: %s" % entity.split("://", 1)[0])
            base, uri_options = legacy_options.split_uri_options(entity)
            count += len(uri_parser.parse_uri(base, port)["nodelist"])
            seeds.append(base)
            uri_bases.append(base)
        else:
            hosts = [h for h in entity.split(",") if h]
            count += len(hosts)
            for one in hosts:
                if one.endswith(".sock"):  # PyMongo 4 reads a path as a URI
                    one = legacy_options.socket_uri(one)
                    uri_bases.append(one)
                seeds.append(one)
    if len(uri_bases) > 1:  # PyMongo 4 takes one URI per client
        seeds = [legacy_options.merge_uris(uri_bases, port)] + [
            seed for seed in seeds if seed not in uri_bases]
    return seeds, count, uri_options


def _is_auth_failure(exc):
    """PyMongo 4 reports failed authentication during connection setup as
    OperationFailure (code 18) or as a ConnectionFailure wrapping it."""
    return getattr(exc, "code", None) == 18 or "auth" in str(exc).lower()


def _apply_network_timeout(network_timeout, kwargs):
    """Connection's and ReplicaSetConnection's ``network_timeout`` (seconds):
    2.8 turned it into socketTimeoutMS, overriding a socketTimeoutMS keyword."""
    if network_timeout is None:
        return
    warn_legacy("LM106")
    if (isinstance(network_timeout, bool)
            or not isinstance(network_timeout, (int, float)) or network_timeout <= 0):
        raise ConfigurationError("network_timeout must be a positive integer")
    kwargs["socketTimeoutMS"] = network_timeout * 1000


class MongoClient(LegacyClientMethods, LegacyBase, ModernMongoClient):
    """PyMongo 2.x ``MongoClient``: acknowledged writes, optional requests.

    Deprecated: use ``pymongo.MongoClient`` (PyMongo 4) directly.
    """

    # 2.8's MongoClient connected to the primary in its constructor (to a
    # replica set without one: ConnectionFailure at once)
    _legacy_connect_read_preference = ReadPreference.PRIMARY

    HOST = "localhost"
    PORT = 27017
    # Keyword defaults injected unless the caller passed the key (2.8's
    # Connection/ReplicaSetConnection differ from their parents only here).
    _legacy_defaults = {}
    _forget_requests_on_reset = True
    _legacy_code = None

    def __init__(self, host=None, port=None, max_pool_size=100, document_class=dict,
                 tz_aware=False, _connect=True, **kwargs):
        if self._legacy_code:
            warn_legacy(self._legacy_code)
        self._legacy_construct(host, port, max_pool_size, document_class, tz_aware,
                               _connect, kwargs)

    def _legacy_construct(self, host, port, max_pool_size, document_class, tz_aware,
                          connect, kwargs, replica_set_required=False):
        if host is None:
            host = self.HOST
        if port is None:
            port = self.PORT
        if isinstance(port, bool) or not isinstance(port, int):
            raise TypeError("port must be an instance of int")
        seeds, seed_count, uri_options = _split_hosts(host, port)
        # legacy-mongo's own migration aid (not a 2.8 option): see outcomes.py.
        acknowledge = kwargs.pop("acknowledge_writes", None)
        if acknowledge is None:
            acknowledge = outcomes.acknowledge_mode_from_environment()
        elif not isinstance(acknowledge, bool):
            raise TypeError("acknowledge_writes must be True or False")
        self._legacy_acknowledge_writes = acknowledge

        given = list(kwargs.items())
        given_names = {name.lower() for name, _ in given}
        for name, value in self._legacy_defaults.items():
            if name.lower() not in given_names:
                given.insert(0, (name, value))
        for name, value in uri_options:
            if name.lower() == "readpreferencetags":
                value = legacy_options.parse_uri_tag_value(value)
            given.append((name, value))
        resolved = legacy_options.resolve(given)
        if resolved.connect is not None:
            connect = resolved.connect  # connect= (PyMongo 3+ spelling of _connect)
        legacy = resolved.legacy
        self._legacy_warn_options(
            resolved, given_names | {name.lower() for name, _ in uri_options})

        if legacy.get("use_greenlets"):
            raise ConfigurationError(
                "use_greenlets is not supported: PyMongo 4 keys no state by greenlet. "
                "Drop the option (gevent-patched threads work with plain MongoClient)."
            )
        if legacy.get("socketKeepAlive") is False and "socketkeepalive" in given_names:
            _warnings.warn(
                "socketKeepAlive=False cannot be honoured: PyMongo 4 always enables "
                "TCP keepalive.", UserWarning, stacklevel=3,
            )
        if replica_set_required and "replicaSet" not in resolved.modern:
            raise ConfigurationError("the replicaSet keyword parameter is required.")

        self._legacy_init_write_concern(resolved.safe, resolved.write_concern)
        self._legacy_slave_okay = bool(legacy.get("slave_okay", False))
        registry = RequestRegistry(
            auto_start=bool(legacy.get("auto_start_request", False)),
            forget_on_reset=self._forget_requests_on_reset,
        )
        self._legacy_requests = registry

        modern = resolved.modern
        # maxPoolSize= (PyMongo 3+ spelling, keyword or URI) wins over max_pool_size.
        explicit_pool_size = legacy_options.pop_modern(modern, "maxPoolSize")
        modern["maxPoolSize"] = (_validate_max_pool_size(max_pool_size)
                                 if explicit_pool_size is None else explicit_pool_size)
        tz_aware = legacy_options.validate_boolean("tz_aware", tz_aware)
        # 2.8 stored UUIDs as subtype 3 (python legacy); PyMongo 4 refuses to
        # encode a uuid.UUID until told which representation to use.
        modern.setdefault("uuidRepresentation", "pythonLegacy")
        # 2.8 never retried an operation: a retry could move a thread's
        # write to another socket, behind its request's back.
        modern.setdefault("retryWrites", False)
        modern.setdefault("retryReads", False)
        # 2.8 let every thread that needed a socket open one at once; PyMongo
        # 4 opens two at a time per server (maxConnecting=2), so a wave of
        # threads entering requests queued behind each other's handshakes.
        # Up to the pool's size is the same as no limit.
        pool_size = modern["maxPoolSize"]
        modern.setdefault("maxConnecting", pool_size if isinstance(pool_size, int) and pool_size > 0
                          else _NO_CONNECTING_LIMIT)
        if seed_count == 1 and "replicaSet" not in modern:
            # 2.8 talked to a lone seed directly, whatever its state.
            modern.setdefault("directConnection", True)
        # 2.8 failed after the connect timeout: in the constructor, or (lazy
        # client) at the first operation; PyMongo 4 would wait 30 s.
        modern.setdefault("serverSelectionTimeoutMS", modern.get("connectTimeoutMS", 20000))
        modern["_pool_class"] = pool_class_for(registry, legacy.get("waitQueueMultiple"))
        if modern.get("directConnection") is not True:
            # A direct connection has one server: nothing to choose between,
            # and a selector would cost every operation a Python call.
            modern["server_selector"] = RequestMemberSelector(
                registry, modern.get("localThresholdMS", 15), modern.get("server_selector")
            )
        self._legacy_has_credentials = "username" in {k.lower() for k in modern} or any(
            "@" in seed.split("://", 1)[1].split("/", 1)[0] for seed in seeds if "://" in seed
        )
        ModernMongoClient.__init__(
            self, seeds, port, document_class=document_class, tz_aware=tz_aware,
            connect=connect, **modern,
        )
        if connect:
            self._legacy_connect_now()

    def _legacy_warn_options(self, resolved, given_names):
        """*given_names*: lower-cased keyword and URI option names; one
        catalogue code per 2.x-only option (see options.warning_codes)."""
        for code in legacy_options.warning_codes(given_names, resolved):
            warn_legacy(code)

    def _legacy_connect_now(self):
        """2.8 connected in the constructor and raised exactly
        ConnectionFailure; PyMongo 4 connects lazily."""
        try:
            self._legacy_await_first_checks()
            with RequestRegistry.suppress_auto_start(self._legacy_requests):
                # PyMongo's own Database: a legacy one would re-derive the
                # write concern and repeat the constructor's warnings.
                super(MongoClient, self).__getitem__("admin").command(
                    "ping", read_preference=self._legacy_connect_read_preference)
        except ConnectionFailure as exc:
            self.close()  # nothing of a failed constructor keeps running
            if self._legacy_has_credentials and _is_auth_failure(exc):
                # 2.8 authenticated in the constructor: refused credentials
                # were a ConfigurationError.
                raise ConfigurationError(str(exc)) from None
            raise ConnectionFailure(str(exc)) from None
        except OperationFailure as exc:
            # ping needs no privilege: with credentials, a failure here is
            # the authentication of the connection itself.
            if self._legacy_has_credentials:
                self.close()
                raise ConfigurationError(str(exc)) from None
            # A reachable server that refused ping (e.g. auth required without
            # credentials): 2.8 connected fine in that case too.
        except ConfigurationError:
            self.close()  # a seed outside the named replica set
            raise
        except PyMongoError:
            pass

    def _legacy_await_first_checks(self):
        """2.8 tried each seed once and raised at once when none answered (a
        refused connection, a name that does not resolve); only a seed that
        did not answer at all cost it the connect timeout.  PyMongo 4's
        server selection retries until serverSelectionTimeoutMS instead.  So
        wait for the monitors' first checks: return as soon as any server is
        known (then the ping goes ahead), raise ConnectionFailure as soon as
        every server's check has failed."""
        topology = self._get_topology()
        deadline = _time.monotonic() + self._topology_settings.server_selection_timeout
        with topology._lock:
            _await_checks(topology, deadline, ConnectionFailure)

    def _init_background(self, *args, **kwargs):
        """PyMongo 4's, with a topology that fails fast (see
        :class:`_FailFastTopology`); PyMongo calls it at construction,
        after an SRV lookup, and the shim after ``close()``."""
        super()._init_background(*args, **kwargs)
        if type(self._topology) is ModernTopology:
            self._topology.__class__ = _FailFastTopology

    # -- staying legacy all the way down -----------------------------------
    def __getattr__(self, name):
        """``client.name``: the database (names starting with ``_`` raise
        AttributeError, as in PyMongo 4: use ``client[name]``)."""
        if name.startswith("_"):
            return ModernMongoClient.__getattr__(self, name)
        return self._legacy_database(name)

    def __getitem__(self, name):
        """``client[name]``: the database.  As in 2.8 a subclass that
        overrides only ``__getattr__`` answers ``client[name]`` with it too."""
        if type(self).__getattr__ is not MongoClient.__getattr__:
            return self.__getattr__(name)
        return self._legacy_database(name)

    def _legacy_database(self, name):
        return self._adopt(ModernMongoClient.__getitem__(self, name), LegacyDatabase)

    def get_database(self, *args, **kwargs):
        return self._adopt(super().get_database(*args, **kwargs), LegacyDatabase)

    def get_default_database(self, *args, **kwargs):
        return self._adopt(super().get_default_database(*args, **kwargs), LegacyDatabase)

    # -- requests ---------------------------------------------------------------
    def start_request(self):
        """Deprecated (2.x): reserve one socket per server for this thread.

        Modern code needs no request: use acknowledged writes (the default),
        or ``client.start_session(causal_consistency=True)`` for
        read-your-writes on secondaries.
        """
        warn_legacy("LM201")
        if not self._legacy_requests.connected:
            self._legacy_connect_now()  # 2.8 connected here (a lazy client too)
        self._legacy_requests.start()
        return Request(self)

    def end_request(self):
        """Deprecated (2.x): leave the request; at depth 0 the thread's
        sockets return to the pool.  Extra calls are harmless."""
        warn_legacy("LM202")
        self._legacy_requests.end()

    def in_request(self):
        """Deprecated (2.x): True if this thread is in a request (None when
        the client is not connected, as in 2.8)."""
        warn_legacy("LM203")
        return self._legacy_requests.in_request()

    @property
    def auto_start_request(self):
        warn_legacy("LM204")
        return self._legacy_requests.auto_start

    def pinned_sockets(self):
        """Diagnostics: the threads holding a pinned socket, per server, with
        how long they have held it and how long it has been idle."""
        return [
            info for pool in list(self._legacy_requests._pools) for info in pool.pinned_sockets()
        ]

    @property
    def slave_okay(self):
        return self._legacy_slave_okay

    @slave_okay.setter
    def slave_okay(self, value):
        """2.8's BaseObject setter (validate_boolean: 'true'/'false' too);
        Databases made afterwards snapshot it.  PyMongo 4:
        ``read_preference=ReadPreference.SECONDARY_PREFERRED``."""
        warn_legacy("LM108")
        _warnings.warn("slave_okay is deprecated. Please use read_preference instead.",
                       DeprecationWarning, stacklevel=2)
        from legacy_mongo.runtime.write_concern import validate_boolean

        self._legacy_slave_okay = validate_boolean("slave_okay", value)

    @property
    def max_pool_size(self):
        size = self.options.pool_options.max_pool_size
        return size or None

    def close(self):
        """2.x: ``close()`` was ``disconnect()``: the sockets close, every
        thread's request ends, and the next operation reconnects (``with
        client:`` ends the same way).  PyMongo 4's ``close()`` is final, so its
        cleanup runs first (sessions ended, monitor and cursor-killing threads
        stopped, pools closed: nothing is left running, as after 2.8's
        disconnect) and the client is then given a fresh topology that is not
        started until the next operation.  That operation warns LM129 from its
        line: under PyMongo 4 a closed client is not used again.  PyMongo 4:
        a new ``MongoClient(...)`` after ``close()``."""
        ModernMongoClient.close(self)
        if self._legacy_requests.forget_on_reset:
            self._legacy_requests.forget_all()
        _reopen_on_next_use(self)


class Connection(MongoClient):
    """PyMongo 2.x ``Connection``: unacknowledged writes and
    ``auto_start_request=True`` by default.  Removed in PyMongo 3: use
    ``MongoClient(w=0)`` (unacknowledged) or ``MongoClient()``."""

    _legacy_defaults = {"safe": False, "auto_start_request": True}
    _legacy_code = "LM101"

    def __init__(self, host=None, port=None, max_pool_size=None, network_timeout=None,
                 document_class=dict, tz_aware=False, _connect=True, **kwargs):
        warn_legacy(self._legacy_code)
        _apply_network_timeout(network_timeout, kwargs)
        self._legacy_construct(host, port, max_pool_size, document_class, tz_aware,
                               _connect, kwargs)


class MongoReplicaSetClient(MongoClient):
    """PyMongo 2.x ``MongoReplicaSetClient``.  Removed in PyMongo 3: use
    ``MongoClient(hosts, replicaSet=name)``."""

    _forget_requests_on_reset = False  # 2.8's replica-set requests survived failures
    # 2.8's constructor needed some member, not a primary (its writes then
    # raised AutoReconnect until one was elected)
    _legacy_connect_read_preference = ReadPreference.PRIMARY_PREFERRED
    _legacy_code = "LM103"

    def __init__(self, hosts_or_uri=None, max_pool_size=100, document_class=dict,
                 tz_aware=False, _connect=True, **kwargs):
        warn_legacy(self._legacy_code)
        self._legacy_rs_construct(hosts_or_uri, max_pool_size, document_class, tz_aware,
                                  _connect, kwargs)

    def _legacy_rs_construct(self, hosts_or_uri, max_pool_size, document_class, tz_aware,
                             connect, kwargs):
        host = kwargs.pop("host", None) or hosts_or_uri
        port = kwargs.pop("port", None)
        if host is not None and not isinstance(host, str):
            raise TypeError("hosts_or_uri must be a string")
        self._legacy_construct(host, port, max_pool_size, document_class, tz_aware,
                               connect, kwargs, replica_set_required=True)
        if self._legacy_requests.auto_start:
            # 2.8's MRSC constructor put the constructing thread in a request.
            self._legacy_requests.start()

    def close(self):
        """2.8: a closed MongoReplicaSetClient stops its monitor and "must not be
        reused" (its operations raise InvalidOperation): PyMongo 4's ``close()``
        unchanged."""
        ModernMongoClient.close(self)


class ReplicaSetConnection(MongoReplicaSetClient):
    """PyMongo 2.x ``ReplicaSetConnection``: MongoReplicaSetClient with
    unacknowledged writes and ``auto_start_request=True``."""

    _legacy_defaults = {"safe": False, "auto_start_request": True}
    _legacy_code = "LM102"

    def __init__(self, hosts_or_uri=None, max_pool_size=None, document_class=dict,
                 tz_aware=False, **kwargs):
        warn_legacy(self._legacy_code)
        network_timeout = kwargs.pop("network_timeout", None)
        _apply_network_timeout(network_timeout, kwargs)
        connect = kwargs.pop("_connect", True)
        self._legacy_rs_construct(hosts_or_uri, max_pool_size, document_class, tz_aware,
                                  connect, kwargs)


class MasterSlaveConnection:
    """Removed: master/slave replication is gone from MongoDB (4.0)."""

    def __init__(self, *args, **kwargs):
        warn_legacy("LM104")
        raise ConfigurationError(
            "MasterSlaveConnection was removed in PyMongo 3 and master/slave replication "
            "in MongoDB 4.0: convert the deployment to a replica set and use "
            "MongoClient(hosts, replicaSet=name, readPreference='secondaryPreferred')."
        )


def _reopen_on_next_use(client):
    """Make a closed PyMongo 4 client usable again, as 2.8's disconnect() left it.

    PyMongo 4 (4.9 through 4.20) marks a closed client ``_closed`` and its
    ``Topology`` closed for good.  ``_init_background`` is what PyMongo itself
    calls to build a client's topology and cursor-killing executor (at
    construction and after an SRV lookup); neither starts a thread until
    ``_get_topology`` opens them on the next operation.  That first call goes
    through a one-shot ``_get_topology`` on the instance, which warns LM129 and
    removes itself, so later operations take PyMongo's method directly.
    """
    client._init_background(old_pid=client._topology._pid)
    client._closed = False

    def first_use_after_close():
        if client.__dict__.pop("_get_topology", None) is not None:
            warn_legacy("LM129")
        return ModernMongoClient._get_topology(client)

    client.__dict__["_get_topology"] = first_use_after_close
