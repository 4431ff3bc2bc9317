# network_io: a request to a real server on 127.0.0.1 while a local computation yields to the loop in
# slices; then the same two jobs one after the other.
import asyncio, time

async def handle(reader, writer):  # the server: answers each request after a delay
    request = await reader.readline()
    await asyncio.sleep(0.5)  # the server is slow
    writer.write(b"reply to " + request)
    await writer.drain()
    writer.close()

async def fetch(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /data\n")
    await writer.drain()
    reply = await reader.readline()
    writer.close()
    return reply.decode().strip()

async def compute(slices):
    for i in range(slices):
        time.sleep(0.02)  # 20 ms of CPU work, holding the loop
        await asyncio.sleep(0)  # let the loop look at the network
    return slices

async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    loop = asyncio.get_running_loop()

    start = loop.time()
    fetcher = asyncio.Task(fetch(port), name="fetcher")
    computer = asyncio.Task(compute(20), name="computer")
    reply, slices = await asyncio.gather(fetcher, computer)
    concurrent = loop.time() - start

    start = loop.time()
    reply = await fetch(port)
    slices = await compute(20)
    serial = loop.time() - start

    print(f"{reply!r} and {slices} slices of work")
    print(f"together: {concurrent:.2f} s; one after the other: {serial:.2f} s")
    server.close()

loop = asyncio.new_event_loop()
loop.run_until_complete(asyncio.Task(main(), loop=loop, name="main_task"))
