"""2.8's client options (spec §1.4), mapped onto PyMongo 4.

One table: each 2.8 keyword / URI option (matched case-insensitively, with
2.8's aliases) says how it is validated and where it goes - a PyMongo 4
keyword, the legacy write-concern state, the request registry, or a clear
error naming what to use instead.  Nothing is silently dropped.
"""
import ssl as _ssl
from urllib.parse import quote_plus, unquote_plus

from pymongo import uri_parser
from pymongo.errors import ConfigurationError, InvalidURI

from legacy_mongo.runtime import read_preferences as legacy_read_preferences
from legacy_mongo.runtime.write_concern import validate_boolean
from legacy_mongo.warnings import warn_legacy

# 2.x ReadPreference integers -> PyMongo 4 mode names.
READ_PREFERENCE_MODES = {
    0: "primary",
    1: "primaryPreferred",
    2: "secondary",
    3: "secondaryPreferred",
    4: "nearest",
}
_MODE_NAMES = {name.lower(): name for name in READ_PREFERENCE_MODES.values()}

_UUID_REPRESENTATIONS = {
    "standard": "standard",
    "pythonlegacy": "pythonLegacy",
    "javalegacy": "javaLegacy",
    "csharplegacy": "csharpLegacy",
}


def _positive_number(option, value):
    # 2.8's validate_positive_float took anything float() took: True is 1.
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise ConfigurationError("%s must be a positive number" % option) from None
    if not isinstance(value, (int, float)):
        raise TypeError("%s must be a number" % option)
    if value <= 0 or value >= 1e9:
        raise ConfigurationError("%s must be a positive number less than 1e9" % option)
    return value


def _timeout_ms(option, value):
    return None if value is None else _positive_number(option, value)


def _non_negative_int_or_none(option, value):
    if value is None:
        return None
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if not isinstance(value, int):  # 2.8's validate_integer: bools are ints
        raise TypeError("%s must be an integer" % option)
    value = int(value)
    if value < 0:
        raise ConfigurationError("%s must be greater than or equal to 0" % option)
    return value


def _string(option, value):
    if not isinstance(value, str):
        raise TypeError("%s must be a string" % option)
    return value


def _string_or_none(option, value):
    if value is not None and not isinstance(value, str):
        raise TypeError("%s must be a string" % option)
    return value


def _read_preference(option, value):
    if isinstance(value, str) and value.lower() in _MODE_NAMES:
        return _MODE_NAMES[value.lower()]
    if hasattr(value, "mongos_mode"):  # a PyMongo 4 read preference object
        return value.mongos_mode
    # 2.8 accepted anything ``in modes``: ints, but also False (PRIMARY,
    # mongoengine's default), True and 2.0.
    mode = legacy_read_preferences.mode_number(value)
    warn_legacy("LM110")
    return READ_PREFERENCE_MODES[mode]


class UriTagSet(dict):
    """One ``readPreferenceTags`` value of a URI (the option may repeat)."""


def _tag_sets(option, value):
    if value is None:
        return [{}]
    if not isinstance(value, list) or not value or not all(isinstance(t, dict) for t in value):
        raise ConfigurationError("Tag sets %r invalid, must be a list of dicts" % (value,))
    return value


def _uuid_representation(option, value):
    try:
        return _UUID_REPRESENTATIONS[str(value).lower()]
    except KeyError:
        raise ConfigurationError(
            "%s is an invalid UUID representation. Must be one of %s"
            % (value, tuple(_UUID_REPRESENTATIONS.values()))
        ) from None


def _cert_reqs(option, value):
    if value is None:
        return None
    if isinstance(value, str):
        value = getattr(_ssl, value.upper(), value)
    if value not in (_ssl.CERT_NONE, _ssl.CERT_OPTIONAL, _ssl.CERT_REQUIRED):
        raise ConfigurationError("%s must be None or one of ssl.CERT_NONE/OPTIONAL/REQUIRED" % option)
    return value


def _auth_mechanism(option, value):
    value = _string(option, value)
    if value.upper() in ("MONGODB-CR", "CRAM-MD5"):
        warn_legacy("LM118")
        raise ConfigurationError(
            "authMechanism=%s was removed (MongoDB 4.0 dropped MONGODB-CR): use "
            "authMechanism='SCRAM-SHA-1' or 'SCRAM-SHA-256', or leave it unset "
            "(DEFAULT) to negotiate." % value
        )
    return value


def _boolean(option, value):
    return validate_boolean(option, value)


def _refuse(replacement):
    def refuse(option, value):
        raise ConfigurationError("%s is not supported by legacy-mongo: %s" % (option, replacement))
    return refuse


# name (lower-case) -> (canonical name, validator, destination)
# destination: "modern:<PyMongo 4 keyword>", "wc", "safe", "legacy"
_OPTIONS = {}


def _option(names, canonical, validator, destination):
    for name in names:
        _OPTIONS[name.lower()] = (canonical, validator, destination)


_option(["safe"], "safe", _boolean, "safe")
# PyMongo 3+'s name for 2.8's _connect parameter (an extension: 2.8 refused it).
_option(["connect"], "connect", _boolean, "connect")
_option(["w"], "w", lambda o, v: v, "wc")
_option(["wtimeout", "wtimeoutMS"], "wtimeout", lambda o, v: v, "wc")
_option(["j", "journal"], "j", lambda o, v: v, "wc")
_option(["fsync"], "fsync", lambda o, v: v, "wc")
_option(["socketTimeoutMS"], "socketTimeoutMS", _timeout_ms, "modern:socketTimeoutMS")
_option(["connectTimeoutMS"], "connectTimeoutMS", _timeout_ms, "modern:connectTimeoutMS")
_option(["waitQueueTimeoutMS"], "waitQueueTimeoutMS", _timeout_ms, "modern:waitQueueTimeoutMS")
_option(["waitQueueMultiple"], "waitQueueMultiple", _non_negative_int_or_none, "legacy")
_option(["socketKeepAlive"], "socketKeepAlive", _boolean, "legacy")
_option(["auto_start_request"], "auto_start_request", _boolean, "legacy")
_option(["use_greenlets"], "use_greenlets", _boolean, "legacy")
_option(["replicaSet"], "replicaSet", _string_or_none, "modern:replicaSet")
_option(["slave_okay", "slaveOk"], "slave_okay", _boolean, "legacy")
_option(["read_preference", "readPreference"], "read_preference", _read_preference,
        "modern:readPreference")
_option(["tag_sets", "readPreferenceTags"], "tag_sets", _tag_sets, "legacy")
_option(["secondary_acceptable_latency_ms", "secondaryAcceptableLatencyMS"],
        "secondary_acceptable_latency_ms",
        # 2.8's validate_positive_float_or_zero: 0 and "0" are zero.
        lambda o, v: 0 if v == 0 or v == "0" else _positive_number(o, v),
        "modern:localThresholdMS")
_option(["uuidRepresentation"], "uuidRepresentation", _uuid_representation,
        "modern:uuidRepresentation")
_option(["ssl"], "ssl", _boolean, "legacy")
_option(["ssl_keyfile"], "ssl_keyfile", _string, "legacy")
_option(["ssl_certfile"], "ssl_certfile", _string, "legacy")
_option(["ssl_ca_certs"], "ssl_ca_certs", _string, "legacy")
_option(["ssl_cert_reqs"], "ssl_cert_reqs", _cert_reqs, "legacy")
_option(["authMechanism"], "authMechanism", _auth_mechanism, "modern:authMechanism")
_option(["authSource"], "authSource", _string, "modern:authSource")
_option(["authMechanismProperties"], "authMechanismProperties", _string, "legacy")
_option(["gssapiServiceName"], "gssapiServiceName", _string, "legacy")


class ResolvedOptions:
    """What the constructor does with the options it was given."""

    def __init__(self):
        self.modern = {}        # PyMongo 4 keyword arguments
        self.write_concern = {}  # w / wtimeout / j / fsync, validated later
        self.safe = None
        self.connect = None     # connect= given (keyword or URI): overrides _connect
        self.legacy = {}        # options the shim itself implements


def split_uri_options(uri):
    """Take 2.8's options out of a ``mongodb://`` URI: PyMongo 4's parser
    warns about and ignores names it does not know (``safe``, ``slaveOk``,
    ``waitQueueMultiple`` ...), so the shim validates them itself."""
    if "?" not in uri:
        return uri, []
    base, query = uri.split("?", 1)
    if "/" not in base[len("mongodb://"):]:
        raise InvalidURI("A '/' is required between the host list and any options.")
    if "&" in query and ";" in query:
        raise InvalidURI("Can not mix '&' and ';' for option separators.")
    separator = ";" if ";" in query else "&"
    options = []
    for item in query.split(separator):
        if not item:
            continue
        if "=" not in item:
            raise InvalidURI("MongoDB URI options are key=value pairs.")
        key, value = item.split("=", 1)
        options.append((key, unquote_plus(value)))
    return base, options


def resolve(options, modern_passthrough=True):
    """Validate 2.8 keyword options (URI options merged in last, as 2.8's
    URI options override keywords) and sort them by destination."""
    resolved = ResolvedOptions()
    tags = None
    for name, value in options:
        spec = _OPTIONS.get(name.lower())
        if spec is None:
            if name.startswith("_"):
                raise ConfigurationError("Unknown option %s" % name)
            if modern_passthrough:
                # A PyMongo 4 option (maxPoolSize, appname ...): an
                # extension over 2.8, which rejected them; PyMongo validates.
                resolved.modern[name] = value
                continue
            raise ConfigurationError("Unknown option %s" % name)
        canonical, validator, destination = spec
        if canonical == "tag_sets" and isinstance(value, UriTagSet):
            # readPreferenceTags may repeat in a URI: a list of tag dicts.
            tags = (tags or []) + [value]
            continue
        value = validator(name, value)
        if destination == "safe":
            resolved.safe = value
        elif destination == "connect":
            resolved.connect = value
        elif destination == "wc":
            resolved.write_concern[canonical] = value
        elif destination.startswith("modern:"):
            if value is not None:
                resolved.modern[destination[len("modern:"):]] = value
        else:
            resolved.legacy[canonical] = value
    if tags is not None:
        resolved.legacy["tag_sets"] = tags
    _finish_tls(resolved)
    _finish_read_preference(resolved)
    _finish_auth(resolved)
    return resolved


def parse_uri_tag_value(value):
    """``readPreferenceTags=dc:ny,rack:1`` -> {'dc': 'ny', 'rack': '1'}."""
    # 2.8's uri_parser: a tag without ':' makes the whole set {} (any
    # member), and 'a:b:c' is {'a': 'b'}.
    tags = UriTagSet()
    for tag in value.split(","):
        parts = tag.split(":")
        if len(parts) < 2:
            return UriTagSet()
        tags[parts[0]] = parts[1]
    return tags


# PyMongo 4 options that already say how to verify the server's certificate.
_TLS_VERIFICATION = ("tlsinsecure", "tlsallowinvalidcertificates", "tlsallowinvalidhostnames")


def _finish_tls(resolved):
    legacy, modern = resolved.legacy, resolved.modern
    ssl_on = legacy.pop("ssl", None)
    keyfile, certfile = legacy.pop("ssl_keyfile", None), legacy.pop("ssl_certfile", None)
    cert_reqs = legacy.pop("ssl_cert_reqs", None)
    ca_certs = legacy.pop("ssl_ca_certs", None)
    modern_names = {name.lower() for name in modern}
    if ssl_on is not None and not modern_names & {"tls", "ssl"}:
        modern["tls"] = ssl_on
    if ca_certs:
        modern["tlsCAFile"] = ca_certs
    has_ca = bool(ca_certs) or "tlscafile" in modern_names
    any_ssl_option = keyfile or certfile or cert_reqs is not None or ca_certs
    if any_ssl_option:
        if modern.get("tls") is False:
            raise ConfigurationError(
                "ssl has not been enabled but ssl parameters have been set: "
                "pass ssl=True (tls=True in PyMongo 4) or drop the ssl_* options."
            )
        modern["tls"] = True
    if keyfile and certfile and keyfile != certfile:
        raise ConfigurationError(
            "ssl_keyfile and ssl_certfile are separate files, but PyMongo 4 takes one "
            "PEM file with both: concatenate them and pass tlsCertificateKeyFile=<file>."
        )
    if keyfile or certfile:
        modern["tlsCertificateKeyFile"] = certfile or keyfile
    if cert_reqs not in (None, _ssl.CERT_NONE) and not has_ca:
        raise ConfigurationError(
            "If ssl_cert_reqs is not ssl.CERT_NONE then you must include ssl_ca_certs "
            "(tlsCAFile in PyMongo 4)."
        )
    legacy_tls = ssl_on is not None or any_ssl_option
    # 2.8 verified the server's certificate (and host name) only when
    # ssl_cert_reqs asked for it, even with ssl_ca_certs (pool.py: no
    # ssl_cert_reqs -> CERT_NONE).  A program that names a CA file means to
    # verify, so the shim does (a stated difference); ssl=True alone or
    # CERT_NONE keeps 2.8's unverified connection, and says so (LM116).
    wants_verification = cert_reqs not in (None, _ssl.CERT_NONE) or (
        cert_reqs is None and has_ca)
    if (modern.get("tls") and legacy_tls and not wants_verification
            and not modern_names & set(_TLS_VERIFICATION)):
        modern["tlsAllowInvalidCertificates"] = True
        _warn_unverified(cert_reqs)


class CertificateVerificationWarning(UserWarning):
    """A legacy TLS client connects without verifying the server's
    certificate or host name (shown by default, unlike the deprecation
    warnings)."""


_UNVERIFIED = ("certificate verification is disabled: %s, so this client does not check the "
               "server's certificate or host name (as PyMongo 2.8 did not). Pass "
               "ssl_ca_certs=<CA file> (PyMongo 4: tlsCAFile=) to verify, or "
               "tlsAllowInvalidCertificates=True to keep it off knowingly.")


def _warn_unverified(cert_reqs):
    import logging
    import warnings as _warnings

    from legacy_mongo.warnings import user_call_site

    reason = ("ssl_cert_reqs=CERT_NONE" if cert_reqs == _ssl.CERT_NONE
              else "ssl=True without ssl_ca_certs or ssl_cert_reqs")
    message = _UNVERIFIED % reason
    logging.getLogger("legacy_mongo").warning(message)
    filename, lineno = user_call_site()
    _warnings.warn_explicit(message, CertificateVerificationWarning, filename, lineno)


def _finish_read_preference(resolved):
    tags = resolved.legacy.pop("tag_sets", None)
    mode = resolved.modern.get("readPreference")
    if resolved.legacy.get("slave_okay") and mode in (None, "primary"):
        # 2.8 let slave_okay=True read from secondaries: secondaryPreferred.
        resolved.modern["readPreference"] = mode = "secondaryPreferred"
    if tags and tags != [{}]:
        if mode in (None, "primary"):
            raise ConfigurationError("ReadPreference PRIMARY cannot be combined with tags")
        resolved.modern["readPreferenceTags"] = [
            ",".join("%s:%s" % item for item in tag_set.items()) for tag_set in tags
        ]


def _finish_auth(resolved):
    service = resolved.legacy.pop("gssapiServiceName", None)
    properties = resolved.legacy.pop("authMechanismProperties", None)
    if service:
        properties = ("SERVICE_NAME:%s," % service) + (properties or "")
    if properties:
        resolved.modern["authMechanismProperties"] = properties.rstrip(",")


def pop_modern(modern, name):
    """Remove a PyMongo 4 option given in any letter case; its value or None."""
    value = None
    for key in [k for k in modern if k.lower() == name.lower()]:
        value = modern.pop(key)
    return value


def socket_uri(path):
    """A UNIX socket seed (2.8: any host ending in ``.sock``) as a URI."""
    return "mongodb://%s/" % quote_plus(path)


def merge_uris(bases, port):
    """2.8 accepted several ``mongodb://`` URIs in a host list (PyMongo 4
    refuses): seeds are unioned and the last non-empty username, password
    and database win.  *bases* are URIs without their options (only the
    last URI's options count, handled by the caller)."""
    nodes, username, password, database = [], None, None, None
    for base in bases:
        parsed = uri_parser.parse_uri(base, port)
        nodes.extend(node for node in parsed["nodelist"] if node not in nodes)
        username = parsed["username"] or username
        password = parsed["password"] or password
        database = parsed["database"] or database
    hosts = []
    for host, node_port in nodes:
        if node_port is None or host.endswith(".sock"):
            hosts.append(quote_plus(host))
        elif ":" in host:
            hosts.append("[%s]:%d" % (host, node_port))
        else:
            hosts.append("%s:%d" % (host, node_port))
    credentials = ""
    if username:
        credentials = quote_plus(username)
        if password is not None:
            credentials += ":" + quote_plus(password)
        credentials += "@"
    return "mongodb://%s%s/%s" % (credentials, ",".join(hosts), quote_plus(database or ""))


def canonical_names(names):
    """The canonical 2.8 names of the known options among *names* (any case,
    aliases allowed): ``slaveOk`` -> ``slave_okay``."""
    return {_OPTIONS[name.lower()][0] for name in names if name.lower() in _OPTIONS}


# 2.x-only options (canonical names) -> the catalogue code naming the replacement.
_OPTION_CODES = (
    ("safe", "LM302"),
    ("auto_start_request", "LM204"),
    ("use_greenlets", "LM107"),
    ("slave_okay", "LM108"),
    ("waitQueueMultiple", "LM109"),
    ("secondary_acceptable_latency_ms", "LM112"),
    ("socketKeepAlive", "LM113"),
    ("ssl_keyfile", "LM114"),
    ("ssl_certfile", "LM114"),
    ("ssl_ca_certs", "LM115"),
    ("ssl_cert_reqs", "LM116"),
    ("gssapiServiceName", "LM117"),
)
# Spellings PyMongo 4 refuses although it knows the option by another name
# (wTimeoutMS, journal, readPreferenceTags).
_SPELLING_CODES = (("wtimeout", "LM308"), ("j", "LM309"), ("tag_sets", "LM111"))
# ssl= is still PyMongo 4's alias of tls; tag_sets is coded by its spelling
# (readPreferenceTags is PyMongo 4's).
_NO_CODE_NEEDED = frozenset(("ssl", "tag_sets"))


def warning_codes(given_names, resolved):
    """The catalogue codes a client constructor reports for the option
    names it was given (keywords and URI options, lower-cased).  LM110
    (integer read preference) and LM118 (MONGODB-CR) are reported by the
    validators, which see the values."""
    canonical = canonical_names(given_names)
    codes = []
    for name, code in _OPTION_CODES:
        if name in canonical and code not in codes:
            codes.append(code)
    for spelling, code in _SPELLING_CODES:
        if spelling in given_names and code not in codes:
            codes.append(code)
    if ("ssl" in canonical and resolved.modern.get("tls") and "ssl_cert_reqs" not in canonical
            and "LM116" not in codes):
        codes.append("LM116")  # ssl=True: PyMongo 4 verifies certificates
    coded = {name for name, _ in _OPTION_CODES} | _NO_CODE_NEEDED
    legacy_only = {name for name, (_, _, dest) in _CANONICAL.items() if dest == "legacy"}
    if (canonical & legacy_only) - coded:
        codes.append("LM105")
    return codes


_CANONICAL = {canonical: (canonical, validator, destination)
              for canonical, validator, destination in _OPTIONS.values()}
