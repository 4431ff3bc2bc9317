# The program README.md traces: two workers sleep at once under gather.
import asyncio

async def worker(name, delay):
    print(f"{name} starts")
    await asyncio.sleep(delay)
    return name.upper()

async def main():
    print(await asyncio.gather(worker("a", 2), worker("b", 1)))

asyncio.run(main())
