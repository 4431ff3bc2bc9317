# Calling an async def makes a coroutine; forgetting the await means its body never runs.
import asyncio

async def save(note):
    print("saved", note)

async def main():
    save("draft")          # no await: a coroutine object, dropped
    await save("final")

asyncio.run(main())
