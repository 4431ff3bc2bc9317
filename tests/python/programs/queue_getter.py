# A consumer waits on an empty queue: the queue shows the task among its getters, then the items put.
import asyncio

async def consumer(q):
    item = await q.get()
    print("got", item)

async def main():
    q = asyncio.Queue()
    task = asyncio.create_task(consumer(q))
    await asyncio.sleep(0)
    await q.put(1)
    await q.put(2)
    await task

asyncio.run(main())
