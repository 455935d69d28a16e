"""Shared fixtures: wire-protocol test servers and clients talking to them.

`tests.server.TestServer` is the only "MongoDB" available to the suite; see
its module docstring for the log format and the fault controls.
"""
import importlib.util
import os

import pymongo
import pytest

from tests.server import ReplicaSetServers, TestServer

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ORACLE_PYTHON = os.path.join(REPO_ROOT, '.oracle-venv', 'bin', 'python')


def load_script(relative_path, module_name):
    """A repository script that is not in a package (benchmarks/, tools/,
    tests/realworld/run.py), imported as a module so its functions can be tested."""
    spec = importlib.util.spec_from_file_location(
        module_name, os.path.join(REPO_ROOT, relative_path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def server():
    """A standalone server speaking the wire version of MongoDB 7.0."""
    with TestServer(max_wire_version=21) as srv:
        yield srv


@pytest.fixture
def legacy_server():
    """A MongoDB-3.0-like server (maxWireVersion 3), the newest PyMongo 2.8.1 knows."""
    with TestServer(max_wire_version=3) as srv:
        yield srv


@pytest.fixture
def replica_set():
    with ReplicaSetServers(members=3, set_name='rs') as rs:
        yield rs


@pytest.fixture
def make_client():
    """Factory for PyMongo 4 clients that are closed after the test."""
    clients = []

    def make(uri_or_server, **kwargs):
        uri = getattr(uri_or_server, 'uri', uri_or_server)
        kwargs.setdefault('serverSelectionTimeoutMS', 5000)
        client = pymongo.MongoClient(uri, **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(server, make_client):
    return make_client(server)


@pytest.fixture
def oracle_python():
    if not os.path.exists(ORACLE_PYTHON):
        pytest.skip('PyMongo 2.8.1 oracle not built: run `make oracle` '
                    '(tests/oracle/build_oracle.sh)')
    return ORACLE_PYTHON
