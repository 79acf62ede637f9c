"""Memory and the system: giving freed memory back, and asking for pages that never stall.

Arrow's allocator (mimalloc) and glibc's malloc keep the blocks of freed frames for reuse. A
report that read, combined and let go of a million rows would go on holding twice their size, and
every later step would peak on top of that. :func:`return_freed_memory` hands those blocks back;
it costs well under a millisecond.

NumPy asks Linux for 2 MB pages (``madvise(MADV_HUGEPAGE)``) for every array of 4 MB or more. Where
the kernel then compacts memory on the spot to find one (transparent hugepage defrag ``madvise``,
Debian's default, on a machine whose memory is fragmented), that page fault stalls: touching 512 MB
took 1.9-7.6 s instead of 0.4 s on the 2-core machine Shelfbook is benchmarked on. :func:`page_settings`
turns the advice off for Shelfbook's processes (NumPy reads it once, at import: see "madvise hugepage
on Linux" in NumPy's global-state reference); ``NUMPY_MADVISE_HUGEPAGE=1`` in the environment keeps
it on.
"""

from __future__ import annotations

import contextlib
import ctypes
from collections.abc import Mapping

#: NumPy's switch for its hugepage advice (read when NumPy is imported).
HUGEPAGE_ENV = "NUMPY_MADVISE_HUGEPAGE"


def page_settings(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment a Shelfbook process (or its notebook kernel) needs before NumPy is imported:
    ``environ``'s own choice of NumPy's hugepage advice, else off."""
    return {HUGEPAGE_ENV: environ.get(HUGEPAGE_ENV, "0")}


def return_freed_memory() -> None:
    """Return Arrow's and glibc's free blocks to the system (live data is untouched)."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)
