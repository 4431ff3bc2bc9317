# Two producers race to finish one future: the second set_result raises InvalidStateError.
import asyncio

async def producer(fut, value):
    await asyncio.sleep(value)
    fut.set_result(value)

async def main():
    fut = asyncio.get_running_loop().create_future()
    first = asyncio.create_task(producer(fut, 1))
    second = asyncio.create_task(producer(fut, 2))
    print("got", await fut)
    await asyncio.gather(first, second, return_exceptions=True)

asyncio.run(main())
