"""Keep freed memory in the process for reuse, for commands that run and exit.

By default glibc hands every freed block above 128 KB straight back to the operating system
(and trims the heap's free top), so each new array of a million cases has its pages faulted
in afresh: about a quarter of ``analyse --models`` on 1,000,000 cases on a 2-core machine
went on that. A command that computes and exits keeps what it frees instead: blocks up to
32 MB come from the heap, and the heap is not trimmed. Long-running ``serve`` keeps glibc's
defaults, so a quiet server gives memory back.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

#: mallopt parameters (glibc malloc.h).
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3

#: Blocks up to this size come from the heap (glibc's largest allowed, on 64-bit).
MMAP_THRESHOLD = 32 * 1024 * 1024
#: Free heap top kept before trimming (the largest a C int holds, about 2 GB).
TRIM_THRESHOLD = 2**31 - 1


def keep_freed_memory() -> bool:
    """Ask glibc to keep freed memory for reuse; False where that is not possible
    (another C library or operating system), which changes only speed."""
    if not sys.platform.startswith("linux"):
        return False
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
