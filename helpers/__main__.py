"""``python -m helpers ...`` — see :mod:`helpers.run.cli`."""

import atexit
import contextlib
import os
import sys

from helpers.memory import page_settings

os.environ.update(page_settings(os.environ))  # before anything imports NumPy (see helpers.memory)

_returned: list[int] = []  # the command's exit code, once it has returned


def _leave() -> None:
    """The last exit handler (registered first, so run after every other: logging's flush, weakref
    finalizers, temporary folders). Once the command has returned, its files are closed, its report
    published and its kernel stopped: the interpreter would now spend 0.2-0.3 s freeing the modules
    of nbconvert, WeasyPrint and jupyter_client one object at a time (issue 15). Flush and leave."""
    if not _returned:
        return  # a crash: the normal teardown, traceback and all
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`| head`): nothing more to say
            stream.flush()
    os._exit(_returned[0])


atexit.register(_leave)

from helpers.run.cli import main  # noqa: E402

_returned.append(main())
raise SystemExit(_returned[0])
