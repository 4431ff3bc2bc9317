# Calling an async function runs nothing: it returns a coroutine object. send(None) runs it, and its
# return value arrives as StopIteration.value.
async def f():
    print("f is running.")
    return 123

coro = f()
print(f"f() returned a {type(coro).__name__} object; f has not run yet.")
try:
    coro.send(None)
except StopIteration as e:
    print("The answer was:", e.value)
