#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A DNS delay proxy on loopback: forwards UDP datagrams and TCP streams from LISTEN to
UPSTREAM, holding every packet DELAY_MS in each direction, so that a round trip through it
costs 2 × DELAY_MS more. For bench-single.sh where the kernel has no sch_netem.

    delay-proxy.py LISTEN_ADDR:PORT UPSTREAM_ADDR:PORT DELAY_MS
    (PORT 0 picks a free port; the chosen port is printed on stdout as "PORT\\n")

Loopback only: both addresses must be in 127.0.0.0/8.
"""
import asyncio
import ipaddress
import sys


def parse(text):
    host, _, port = text.rpartition(':')
    if not ipaddress.ip_address(host).is_loopback:
        raise SystemExit('%s is not a loopback address' % host)
    return host, int(port)


class UdpUpstream(asyncio.DatagramProtocol):
    def __init__(self, proxy, client):
        self.proxy, self.client = proxy, client

    def datagram_received(self, data, addr):
        loop = asyncio.get_running_loop()
        loop.call_later(self.proxy.delay, self.proxy.transport.sendto, data, self.client)


class UdpProxy(asyncio.DatagramProtocol):
    def __init__(self, upstream, delay):
        self.upstream, self.delay = upstream, delay
        self.clients = {}

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        asyncio.get_running_loop().call_later(self.delay, asyncio.ensure_future,
                                              self.forward(data, addr))

    async def forward(self, data, addr):
        transport = self.clients.get(addr)
        if transport is None:
            loop = asyncio.get_running_loop()
            transport, _ = await loop.create_datagram_endpoint(
                lambda: UdpUpstream(self, addr), remote_addr=self.upstream)
            self.clients[addr] = transport
        transport.sendto(data)


async def pipe(reader, writer, delay):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            await asyncio.sleep(delay)
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    listen, upstream, delay = parse(argv[1]), parse(argv[2]), float(argv[3]) / 1000.0
    loop = asyncio.get_running_loop()

    async def tcp_client(reader, writer):
        try:
            up_reader, up_writer = await asyncio.open_connection(*upstream)
        except OSError:
            writer.close()
            return
        await asyncio.gather(pipe(reader, up_writer, delay), pipe(up_reader, writer, delay))

    # TCP first: its port (free when 0) is then used for UDP too.
    server = await asyncio.start_server(tcp_client, listen[0], listen[1])
    port = server.sockets[0].getsockname()[1]
    await loop.create_datagram_endpoint(lambda: UdpProxy(upstream, delay),
                                        local_addr=(listen[0], port))
    print(port, flush=True)
    async with server:
        await server.serve_forever()


if __name__ == '__main__':
    try:
        sys.exit(asyncio.run(main(sys.argv)))
    except KeyboardInterrupt:
        pass
