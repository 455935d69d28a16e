"""Only what setup.cfg cannot say: the wheel carries MIGRATION.md inside the
package (legacy_mongo/MIGRATION.md), copied from the repository root at build
time, so that an installed legacy-mongo has the guide its warnings cite
without a second committed copy of a generated file."""
import os

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))


class BuildPyWithGuide(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the package from the source tree
        target_dir = os.path.join(self.build_lib, "legacy_mongo")
        self.mkpath(target_dir)
        self.copy_file(os.path.join(HERE, "MIGRATION.md"), os.path.join(target_dir, "MIGRATION.md"))


setup(cmdclass={"build_py": BuildPyWithGuide})
