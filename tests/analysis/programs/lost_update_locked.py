# The lost update, fixed: a Lock held across the await lets one bump finish before the other reads.
import asyncio

counter = 0


async def bump(lock, name):
    global counter
    async with lock:
        seen = counter
        await asyncio.sleep(0)
        counter = seen + 1
    print(f"{name} wrote {counter}")


async def main():
    lock = asyncio.Lock()
    await asyncio.gather(bump(lock, "A"), bump(lock, "B"))
    print(f"counter = {counter} (expected 2)")


asyncio.run(main())
