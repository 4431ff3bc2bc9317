# wait_for and timeout: a slow coroutine is cancelled when its time is up; a quick one is not.
import asyncio

async def slow(seconds):
    await asyncio.sleep(seconds)
    return f"slept {seconds}"

async def main():
    print(await asyncio.wait_for(slow(1), timeout=2))
    try:
        await asyncio.wait_for(slow(5), timeout=2)
    except TimeoutError:
        print("wait_for timed out")
    try:
        async with asyncio.timeout(1.5):
            await slow(3)
    except TimeoutError:
        print("timeout() timed out")

asyncio.run(main())
