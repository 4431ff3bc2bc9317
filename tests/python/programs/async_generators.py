# An async generator read with async for, and an async context manager, on a loop made by hand.
import asyncio

async def ticks(count):
    for tick in range(count):
        await asyncio.sleep(0.5)
        yield tick

class Resource:
    async def __aenter__(self):
        print("open")
        await asyncio.sleep(0)
        return self

    async def __aexit__(self, *exc):
        await asyncio.sleep(0)
        print("close")

async def main():
    async with Resource():
        async for tick in ticks(3):
            print(f"tick {tick}")
    return "finished"

loop = asyncio.new_event_loop()
print(loop.run_until_complete(main()))
loop.close()
