"""``python -m legacy_mongo`` is the ``legacy-mongo`` command."""
import sys

from legacy_mongo.cli import main

sys.exit(main())
