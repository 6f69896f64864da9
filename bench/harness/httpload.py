"""A load generator that costs little: many request flows at once from one thread.

A flow is a generator: it yields the bytes of a request, receives the response as (status,
Location, body text) and yields the next request, until it returns. `run_flows` sends every
flow's first request at the same moment and each next one as soon as the previous answer is
read, on non-blocking sockets, one connection per request (gunicorn's sync workers close each
one). Each request is timed from its connect to its last byte.
"""

from __future__ import annotations

import re
import selectors
import socket
import time
from collections.abc import Generator

from bench.harness import HOST

Flow = Generator[bytes, tuple[int, str, str], None]


class Exchange:
    """One HTTP request on its own connection, read to the end of its body: Content-Length
    when given, else until the server closes."""

    def __init__(self, request: bytes, port: int) -> None:
        self.request = request
        self.sent = 0
        self.received = bytearray()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setblocking(False)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.began = time.perf_counter()
        self.sock.connect_ex((HOST, port))

    def write(self) -> bool:
        """Send more of the request; True when all of it is sent."""
        self.sent += self.sock.send(self.request[self.sent :])
        return self.sent == len(self.request)

    def read(self) -> bool:
        """Take what arrived; True when the response is complete."""
        chunk = self.sock.recv(1 << 16)
        if not chunk:
            return True
        self.received += chunk
        head_end = self.received.find(b"\r\n\r\n")
        if head_end < 0:
            return False
        length = re.search(rb"\r\ncontent-length: *([0-9]+)", self.received[:head_end], re.I)
        return length is not None and len(self.received) >= head_end + 4 + int(length.group(1))

    def response(self) -> tuple[int, str, str]:
        """Status, Location and body text."""
        head, _sep, body = bytes(self.received).partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1]) if lines[0].startswith("HTTP/") else 0
        location = next(
            (
                line.split(":", 1)[1].strip()
                for line in lines
                if line.lower().startswith("location:")
            ),
            "",
        )
        return status, location, body.decode("utf-8", "replace")


def run_flows(port: int, flows: list[Flow], timeout: float = 120) -> dict:
    """Run every flow at once (see the module docstring). Returns the errors (a flow that
    raises or whose connection fails ends there), the wall time, this process's CPU time (the
    load generator shares the machine with the server it measures) and, per flow, the seconds
    of each of its requests that was answered."""
    selector = selectors.DefaultSelector()
    errors: list[str] = []
    seconds: list[list[float]] = [[] for _ in flows]
    done = 0

    def begin(index: int, answer) -> None:
        nonlocal done
        try:
            request = flows[index].send(answer)
        except StopIteration:
            done += 1
            return
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
            done += 1
            return
        exchange = Exchange(request, port)
        selector.register(exchange.sock, selectors.EVENT_WRITE, (index, exchange))

    released, cpu = time.perf_counter(), time.process_time()
    for index in range(len(flows)):
        begin(index, None)
    while done < len(flows):
        for key, events in selector.select(timeout=timeout):
            index, exchange = key.data
            try:
                if events & selectors.EVENT_WRITE:
                    if exchange.write():
                        selector.modify(exchange.sock, selectors.EVENT_READ, key.data)
                    continue
                if not exchange.read():
                    continue
            except OSError as exc:
                failure = exc
            else:
                failure = None
            selector.unregister(exchange.sock)
            exchange.sock.close()
            if failure is not None:
                errors.append(f"{type(failure).__name__}: {failure}")
                done += 1
                continue
            seconds[index].append(time.perf_counter() - exchange.began)
            begin(index, exchange.response())
    selector.close()
    return {
        "errors": errors,
        "wall_seconds": round(time.perf_counter() - released, 3),
        "client_cpu_seconds": round(time.process_time() - cpu, 3),
        "seconds": seconds,
    }
