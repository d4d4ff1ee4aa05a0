"""Builds the incidentkit Python package: the pure-Python part as it is, the `_incidentkit` extension with the
repository's own CMake project (the parent directory), so `pip install ./python` needs no scikit-build-core.

The extension is built for the interpreter running this (Python_EXECUTABLE), with libincidentkit linked in
statically (BUILD_SHARED_LIBS=OFF: nothing to find at run time but the Debian libraries it links, yaml-cpp, RE2,
md4c, fmt...). Extra CMake arguments: INCIDENTKIT_CMAKE_ARGS="-DCMAKE_CXX_COMPILER=clang++-14 ...".
"""

import os
import pathlib
import re
import shlex
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent  # the CMake project: the whole repository, not only python/


def project_version() -> str:
    text = (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
    m = re.search(r"project\(incidentkit\s+VERSION\s+([0-9.]+)", text)
    if not m:
        raise RuntimeError(f"no project(incidentkit VERSION ...) in {ROOT / 'CMakeLists.txt'}")
    return m.group(1)


class CMakeExtension(Extension):
    def __init__(self, name: str) -> None:
        super().__init__(name, sources=[])  # CMake knows the sources


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        if not (ROOT / "CMakeLists.txt").is_file():
            raise RuntimeError(f"{ROOT} is not incidentkit's source tree: pip install ./python from a checkout")
        build = pathlib.Path(self.build_temp).resolve() / "cmake"
        config = "Debug" if self.debug else "Release"
        configure = [
            "cmake", "-S", str(ROOT), "-B", str(build),
            f"-DCMAKE_BUILD_TYPE={config}",
            f"-DPython_EXECUTABLE={sys.executable}",
            "-DBUILD_SHARED_LIBS=OFF",
            "-DINCIDENTKIT_PYTHON=ON",
            "-DINCIDENTKIT_TESTS=OFF",
            *shlex.split(os.environ.get("INCIDENTKIT_CMAKE_ARGS", "")),
        ]
        subprocess.run(configure, check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)
        subprocess.run(["cmake", "--build", str(build), "--target", "_incidentkit", "-j", jobs], check=True)
        built = sorted((build / "python" / "incidentkit").glob("_incidentkit*"))
        if not built:
            raise RuntimeError("CMake built no _incidentkit module: see its 'incidentkit: Python module' message")
        target = pathlib.Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built[0], target)


setup(
    version=project_version(),
    ext_modules=[CMakeExtension("incidentkit._incidentkit")],
    cmdclass={"build_ext": CMakeBuild},
)
