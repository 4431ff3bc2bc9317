# A task that fails while nobody awaits it: its exception is lost.
import asyncio

async def fetch():
    raise ValueError("no such page")

async def main():
    asyncio.create_task(fetch())   # the task is never awaited
    await asyncio.sleep(1)
    print("main is done")

asyncio.run(main())
