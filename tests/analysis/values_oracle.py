"""The values oracle: runs a Python program on CPython's own asyncio, on the step-log oracle's loop
(tools/oracle/asyncio_oracle.py: the virtual clock, pure-Python Task and Future, prints kept off stdout;
PYTHONPATH must name tools/oracle), under a plain sys.settrace line tracer, and prints, at each line of the program's own files that begins, the line and
what cotrace should show there: the module's globals, and the frame's locals if the frame is a
coroutine, generator or async generator, or a plain function's call (a def, a lambda, a comprehension:
CO_OPTIMIZED), not the module's or a class body's.

    /usr/bin/python3 values_oracle.py PROGRAM.py COTRACE_VALUES_PY OUTPUT

Values are written with cotrace_values.py's own rules (its bounds and its way with instances), so that
the test compares which value each variable held at each step, not two ways of spelling one.
"""
import asyncio, os, re, sys
import asyncio_oracle  # noqa: F401  (it sets the loop up as it is imported)

program = os.path.abspath(sys.argv[1])
folder = os.path.dirname(program) + os.sep
_addresses = re.compile(r" at 0x[0-9a-fA-F]+")
F = asyncio.Future


def value_repr(value):  # as cotrace_asyncio.value_repr writes a value
    if isinstance(value, F):
        state = value._state.lower()
        if isinstance(value, asyncio.Task):
            return f"<Task {state} name='{value.get_name()}'>"
        return f"<Future {state}>"
    try:
        return _addresses.sub("", repr(value))
    except Exception as error:
        return f"<repr failed: {type(error).__name__}>"


shown = {"value_repr": value_repr, "F": F, "__name__": "cotrace_values"}
with open(sys.argv[2]) as rules:
    exec(compile(rules.read(), sys.argv[2], "exec"), shown)
variables = shown["variables"]
LONGEST = 80
FOLLOWED = 0x20 | 0x80 | 0x100 | 0x200  # CO_GENERATOR, CO_COROUTINE, CO_ITERABLE_COROUTINE, CO_ASYNC_GENERATOR
OPTIMIZED = 0x1  # CO_OPTIMIZED: a function's frame (its locals are its own)
out = open(sys.argv[3], "w")
main_globals = None


def described(namespace, module_level):
    return ", ".join(f"{name}={text}" for name, text, _, _ in variables(namespace, module_level, LONGEST))


def trace(frame, event, arg):
    if not frame.f_code.co_filename.startswith(folder):
        return None
    if event == "line":
        out.write(f"line {os.path.basename(frame.f_code.co_filename)}:{frame.f_lineno}\n")
        out.write(f"  globals: {described(main_globals, True)}\n")
        if frame.f_code.co_flags & (FOLLOWED | OPTIMIZED):
            out.write(f"  locals: {described(frame.f_locals, False)}\n")
    return trace


sys.modules.setdefault("asyncio_oracle", asyncio_oracle)
namespace = {"__name__": "__main__", "__file__": program, "__builtins__": __builtins__}
main_globals = namespace
sys.argv = [program]
sys.path.insert(0, os.path.dirname(program))
with open(program, "rb") as source:
    code = compile(source.read(), program, "exec")
sys.settrace(trace)
try:
    exec(code, namespace)
except BaseException as error:  # the program's own end: the lines before it are what count
    out.write(f"ended {type(error).__name__}\n")
finally:
    sys.settrace(None)
    out.close()  # now: a pending task collected at exit must not find it half written
