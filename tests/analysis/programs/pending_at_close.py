# run_until_complete stops the loop when main is done, even if another task still waits.
import asyncio

async def slow():
    await asyncio.sleep(10)
    print("never printed")

async def main():
    asyncio.get_running_loop().create_task(slow(), name="slow_task")
    await asyncio.sleep(1)

loop = asyncio.new_event_loop()
loop.run_until_complete(main())
