"""Skip helpers shared by the integration tests (fixtures: conftest.py)."""
import pytest
from pymongo.errors import OperationFailure


# -- helpers for skips ---------------------------------------------------------------
def require_version(server, minimum=None, below=None, why=""):
    if minimum is not None and server.version < tuple(minimum):
        pytest.skip("needs MongoDB >= %s%s (server is %s)"
                    % (".".join(map(str, minimum)), why, server))
    if below is not None and server.version >= tuple(below):
        pytest.skip("needs MongoDB < %s%s (server is %s)"
                    % (".".join(map(str, below)), why, server))


def require_replica_set(server):
    if not server.is_replica_set:
        pytest.skip("needs a replica set (server is %r)" % (server,))


def require_not_mongos(server, why=""):
    if server.is_mongos:
        pytest.skip("not available through mongos%s" % why)


def skip_if_unauthorized(exc, what):
    """Turn a missing-privilege failure into a skip (the URI user may be a
    plain readWrite user on a shared server)."""
    if isinstance(exc, OperationFailure) and exc.code in (13, 8000, 18):
        pytest.skip("the MONGODB_URI user may not %s: %s" % (what, exc))
    raise exc
