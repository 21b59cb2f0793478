"""Connection handling that idle and slow clients cannot exhaust (a layer over waitress's).

waitress closes a connection only after `channel_timeout` seconds without any activity and
stops accepting at `connection_limit`: 205 clients sending one header line every 10 s held
every slot and no one else got in. Here a request must arrive in full within deadlines
(its headers within `header_timeout_s` of its first byte, its body within `body_timeout_s`
after them), and when a client address, or the server as a whole, reaches its bound of open
connections, the connection that has waited longest without a request being answered on it
is closed to make room for the new one, instead of refusing every newcomer.
"""

from __future__ import annotations

import time

from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer

MAINTENANCE_INTERVAL_S = 1  # how often the deadlines are checked (waitress's cleanup_interval)


class GuardedChannel(HTTPChannel):
    """An HTTP connection that knows when the request it is receiving began."""

    request_started: float | None = None

    def received(self, data):
        if data and self.request is None and self.request_started is None:
            self.request_started = time.monotonic()
        outcome = super().received(data)
        if self.request is None:  # nothing half-received: the deadline starts again with the next byte
            self.request_started = None
        return outcome

    @property
    def busy(self) -> bool:
        """A request of this connection is being answered (or waits for a worker thread)."""
        return bool(self.requests)

    def overdue(self, now: float, header_s: float, body_s: float) -> bool:
        if self.busy or self.request_started is None:
            return False
        headers_done = self.request is not None and self.request.headers_finished
        return now - self.request_started > (header_s + body_s if headers_done else header_s)


class GuardedServer(TcpWSGIServer):
    """waitress's TCP server with request deadlines and bounds of connections per client and in all.

    `limits` is (header_timeout_s, body_timeout_s, connections_per_client, connection_limit).
    """

    channel_class = GuardedChannel

    def __init__(self, application, limits: tuple[float, float, int, int], **kw):
        self.header_s, self.body_s, self.per_client, self.total = limits
        super().__init__(application, **kw)

    def maintenance(self, now):
        super().maintenance(now)  # waitress's idle timeout, between requests
        clock = time.monotonic()
        for channel in list(self.active_channels.values()):
            if isinstance(channel, GuardedChannel) and channel.overdue(clock, self.header_s, self.body_s):
                channel.will_close = True

    def handle_accept(self):
        before = set(self.active_channels)
        super().handle_accept()
        for fd in set(self.active_channels) - before:
            self._make_room(self.active_channels[fd])

    def _make_room(self, newcomer: HTTPChannel) -> None:
        """Close the longest-waiting idle connections of the newcomer's address, and of all, beyond the bounds."""
        open_channels = [c for c in self.active_channels.values() if c is not newcomer and not c.will_close]
        same_client = [c for c in open_channels if _client(c) == _client(newcomer)]
        for group, bound in ((same_client, self.per_client), (open_channels, self.total)):
            excess = len(group) + 1 - bound
            idle = sorted((c for c in group if not getattr(c, "busy", True) and not c.will_close),
                          key=lambda c: c.last_activity)
            for channel in idle[:max(0, excess)]:
                channel.will_close = True
            if excess > len(idle):  # every other connection is being answered: the newcomer waits its turn elsewhere
                newcomer.will_close = True
                return


def _client(channel: HTTPChannel) -> str:
    addr = channel.addr
    return addr[0] if isinstance(addr, tuple) else str(addr)


def create_guarded_server(app, host: str, port: int, limits: tuple[float, float, int, int], **options) -> GuardedServer:
    """A GuardedServer listening on host:port (options are waitress adjustments)."""
    from waitress.adjustments import Adjustments
    from waitress.task import ThreadedTaskDispatcher

    adj = Adjustments(host=host, port=port, cleanup_interval=MAINTENANCE_INTERVAL_S, asyncore_use_poll=True,
                      connection_limit=limits[3] + 64, **options)
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(adj.threads)
    return GuardedServer(app, limits, map={}, dispatcher=dispatcher, adj=adj, sockinfo=adj.listen[0])
