# On the real clock: a step that computes for 0.3 s without awaiting holds the loop longer than
# asyncio's slow_callback_duration (0.1 s). Record it with --real-clock.
import asyncio
import time

async def crunch():
    end = time.monotonic() + 0.3
    while time.monotonic() < end:
        pass
    return "crunched"

async def main():
    print(await asyncio.create_task(crunch()))

asyncio.run(main())
