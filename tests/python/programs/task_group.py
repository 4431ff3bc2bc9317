# asyncio.TaskGroup: three children, one fails, and the group cancels the others.
import asyncio

async def child(name, delay, fail=False):
    try:
        await asyncio.sleep(delay)
        if fail:
            raise ValueError(f"{name} failed")
        print(f"{name} finished")
        return name
    except asyncio.CancelledError:
        print(f"{name} was cancelled")
        raise

async def main():
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(child("a", 1), name="a")
            group.create_task(child("b", 2, fail=True), name="b")
            group.create_task(child("c", 3), name="c")
    except* ValueError as errors:
        print(f"caught {len(errors.exceptions)} error: {errors.exceptions[0]}")

asyncio.run(main())
