"""Serving with several worker processes, each with its own listening socket.

uvicorn's own ``--workers`` has every process accept on one shared socket, and whichever
process wakes first takes all the connections waiting: measured here, 19 of 20
keep-alive clients ended on one worker while the other idled, so a second worker
bought almost nothing. On Linux each worker here binds its own socket to the same port
with ``SO_REUSEPORT`` and the kernel spreads new connections over them evenly. The
parent only supervises: it restarts a worker that dies and stops them all on SIGINT or
SIGTERM. Elsewhere (no ``SO_REUSEPORT`` balancing) uvicorn's workers are used.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import sys
import time
from multiprocessing.process import BaseProcess
from types import FrameType

__all__ = ["balanced_workers_supported", "check_port_free", "serve_balanced"]

APP = "openpmo.app:create_app"
_BACKLOG = 2048
#: A worker that dies sooner than this after starting is failing, not crashing once.
_FAILING_SECONDS = 5.0


def balanced_workers_supported() -> bool:
    """Whether the kernel balances connections over ``SO_REUSEPORT`` sockets (Linux)."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def check_port_free(host: str, port: int) -> None:
    """Raise ``OSError`` when something already listens on ``host:port``.

    Workers share the port through ``SO_REUSEPORT``, which would also let them share it
    silently with another server of the same user: bind once without it first.
    """
    with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))


def _worker(host: str, port: int, log_level: str) -> None:
    import uvicorn

    sock = socket.socket(_family(host), socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(_BACKLOG)
    config = uvicorn.Config(APP, factory=True, log_level=log_level, access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


def serve_balanced(host: str, port: int, workers: int, log_level: str = "info") -> int:
    """Run ``workers`` processes until SIGINT/SIGTERM; the exit code of the supervisor."""
    check_port_free(host, port)
    context = multiprocessing.get_context("spawn")
    stopping = False

    def start() -> tuple[BaseProcess, float]:
        process = context.Process(target=_worker, args=(host, port, log_level), daemon=False)
        process.start()
        return process, time.monotonic()

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    running = [start() for _ in range(workers)]
    print(
        f"Serving on http://{host}:{port} with {workers} worker processes "
        "(SO_REUSEPORT, connections spread by the kernel)",
        file=sys.stderr,
    )
    code = 0
    try:
        while not stopping:
            time.sleep(0.2)
            for i, (process, started) in enumerate(running):
                if process.is_alive() or stopping:
                    continue
                if time.monotonic() - started < _FAILING_SECONDS:
                    print(
                        f"pmo: error: worker {process.pid} failed on start "
                        f"(exit code {process.exitcode})",
                        file=sys.stderr,
                    )
                    stopping, code = True, 1
                    break
                print(f"pmo: worker {process.pid} died; starting another", file=sys.stderr)
                running[i] = start()
    finally:
        for process, _ in running:
            if process.is_alive():
                process.terminate()  # SIGTERM: uvicorn finishes the requests under way
        deadline = time.monotonic() + 30
        for process, _ in running:
            process.join(max(deadline - time.monotonic(), 0.1))
            if process.is_alive():
                process.kill()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return code
