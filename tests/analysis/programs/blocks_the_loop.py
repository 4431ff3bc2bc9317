# time.sleep inside a coroutine holds the whole loop: the ticker cannot tick meanwhile.
import asyncio
import time

async def ticker():
    for i in range(3):
        print("tick", i)
        await asyncio.sleep(0.5)

async def main():
    task = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    time.sleep(2)          # should have been: await asyncio.sleep(2)
    await task

asyncio.run(main())
