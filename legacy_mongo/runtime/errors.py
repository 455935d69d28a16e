"""PyMongo 2.8's exceptions (``pymongo.errors`` under the drop-in activation).

PyMongo 4 kept most 2.8 names with the same hierarchy; they are re-exported
unchanged so that ``except pymongo.errors.OperationFailure`` catches what
PyMongo 4 raises.  The names PyMongo 4 removed are defined here.
"""
from pymongo.errors import *  # noqa: F401,F403 - the 2.8 module re-exports them all
from pymongo.errors import PyMongoError


class ExceededMaxWaiters(Exception):
    """More threads than ``max_pool_size * waitQueueMultiple`` waited for a
    socket.  As in 2.8 this is *not* a PyMongoError."""
