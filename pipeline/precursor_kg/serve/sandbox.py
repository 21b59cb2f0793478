"""Limits a query worker process puts on itself: no internet sockets, bounded memory, dies with its parent.

pyoxigraph evaluates SERVICE by opening HTTP connections itself and cannot be told not to.
Every worker installs a seccomp filter that makes socket(AF_INET/AF_INET6) fail with EACCES,
so even a SERVICE the guard missed cannot reach the network. Linux on x86-64 or arm64 only;
elsewhere `block_internet` returns False.
"""

from __future__ import annotations

import ctypes
import platform
import resource
import signal

_ARCH = {  # machine -> (AUDIT_ARCH_*, __NR_socket)
    "x86_64": (0xC000003E, 41),
    "amd64": (0xC000003E, 41),
    "aarch64": (0xC00000B7, 198),
    "arm64": (0xC00000B7, 198),
}
_PR_SET_PDEATHSIG, _PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 1, 38, 22, 2
_RET_ALLOW, _RET_ERRNO, _EACCES = 0x7FFF0000, 0x00050000, 13
_LD_W_ABS, _JEQ_K, _RET_K = 0x20, 0x15, 0x06
_AF_INET, _AF_INET6 = 2, 10


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint32)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def block_internet() -> bool:
    """Make every later socket(AF_INET or AF_INET6) of this process fail. True when installed."""
    arch = _ARCH.get(platform.machine().lower())
    if platform.system() != "Linux" or arch is None:
        return False
    audit_arch, nr_socket = arch
    program = [
        (_LD_W_ABS, 0, 0, 4),  # A = seccomp_data.arch
        (_JEQ_K, 1, 0, audit_arch),  # our architecture? go on : allow
        (_RET_K, 0, 0, _RET_ALLOW),
        (_LD_W_ABS, 0, 0, 0),  # A = seccomp_data.nr
        (_JEQ_K, 0, 4, nr_socket),  # socket()? go on : allow
        (_LD_W_ABS, 0, 0, 16),  # A = low word of args[0], the address family
        (_JEQ_K, 1, 0, _AF_INET),
        (_JEQ_K, 0, 1, _AF_INET6),
        (_RET_K, 0, 0, _RET_ERRNO | _EACCES),
        (_RET_K, 0, 0, _RET_ALLOW),
    ]
    filters = (_SockFilter * len(program))(*[_SockFilter(*ins) for ins in program])
    prog = _SockFprog(len(program), filters)
    libc = _libc()
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    ok = libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) == 0
    return ok


def limit_memory(max_bytes: int) -> None:
    """Cap the address space (0: no cap); a query needing more fails instead of exhausting the machine."""
    if max_bytes > 0:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = max_bytes if hard == resource.RLIM_INFINITY else min(max_bytes, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def die_with_parent() -> None:
    """Ask the kernel to kill this process when its parent exits (Linux), and ignore Ctrl-C."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if platform.system() == "Linux":
        try:
            _libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
