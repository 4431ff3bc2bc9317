"""What a learner sees of a variable: its value as a short repr, whether it is a mutable object that two
places may share, and which of the trace's tasks or futures it is. python_values.cpp calls shown() for
each value of the program's globals and frames' locals that may have changed, with the hooks off (CPython
does not trace what a trace function calls), so a __repr__ of the program's runs unrecorded. variables()
makes the same choice of variables as python_values.cpp does in C; the values oracle's test uses it.

It runs in cotrace_asyncio.py's namespace, after it: value_repr and F are that file's.

Reprs are reprlib's, bounded as Python Tutor bounds them: containers opened one level with a few items
each, long strings cut, and no memory addresses (so that traces are the same every run).
"""
import asyncio, reprlib, types, collections

# The kinds a module's namespace holds that Python Tutor leaves out: they are the program's code, not its data.
_CODE = (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, types.MethodType, type)
# Mutable objects: the same one seen from two places is one object, changed from either.
_CONTAINERS = (list, dict, set, bytearray, collections.deque)


class _Shown(reprlib.Repr):
    def __init__(self):
        super().__init__()
        self.maxlevel = 2
        self.maxlist = self.maxtuple = self.maxset = self.maxfrozenset = self.maxdeque = self.maxarray = 8
        self.maxdict = 6
        self.maxstring = 40
        self.maxother = 60

    def repr_instance(self, value, level):
        kind = type(value)
        # An object of the program's own class, without a __repr__ of its own: its attributes, one level.
        if kind.__repr__ is object.__repr__ and isinstance(getattr(value, "__dict__", None), dict) \
                and not isinstance(value, _CODE):
            if level <= 0:
                return kind.__name__ + "(...)"
            fields = [(name, item) for name, item in value.__dict__.items() if not name.startswith("_cotrace")]
            shown = ", ".join(f"{name}={self.repr1(item, level - 1)}" for name, item in fields[:self.maxdict])
            return f"{kind.__name__}({shown}{', ...' if len(fields) > self.maxdict else ''})"
        if isinstance(value, asyncio.Queue):
            return self.repr_queue(value, level)
        if isinstance(value, asyncio.AbstractEventLoop):  # the loop's own class is no concern of the learner's
            return "<event loop " + ("running" if value.is_running() else "closed" if value.is_closed() else "stopped") + ">"
        text = value_repr(value)  # futures and tasks briefly, no addresses
        return text if len(text) <= self.maxother else text[:self.maxother - 3] + "..."


    def repr_queue(self, queue, level):
        # Its items, and the tasks that wait to get or to put (each waits on a future of the queue's, whose
        # done callback is the task's wakeup): Queue([1, 2], getters: Task-2).
        parts = [self.repr1(list(queue._queue), level - 1)]
        if queue.maxsize > 0:
            parts.append(f"maxsize={queue.maxsize}")
        for label, waiters in (("getters", queue._getters), ("putters", queue._putters)):
            tasks = [_waiting_task(waiter) for waiter in waiters if not waiter.done()]
            if tasks:
                parts.append(label + ": " + ", ".join(tasks))
        return f"{type(queue).__name__}({', '.join(parts)})"


def _waiting_task(future):
    """The task that waits on one of a queue's futures: the one whose wakeup is its done callback; with none
    yet, the task that runs now (Queue.get appended it and is awaiting it: its step adds the callback next)."""
    for callback, _ in getattr(future, "_callbacks", None) or ():
        owner = getattr(callback, "__self__", None)
        if isinstance(owner, (asyncio.Task, asyncio.tasks._PyTask)):
            return owner.get_name()
    try:
        running = asyncio.current_task()
    except RuntimeError:  # no loop runs
        running = None
    return running.get_name() if running is not None else "a callback"


_shown = _Shown()
_numbers = {}  # id() of a mutable object -> its number in the trace (1, 2, ...), while it lives


def _number(value):
    if isinstance(value, _CONTAINERS) or (isinstance(getattr(value, "__dict__", None), dict)
                                          and not isinstance(value, _CODE + (types.CoroutineType, types.GeneratorType))):
        return _numbers.setdefault(id(value), len(_numbers) + 1)
    return 0


def _trace_object(value):
    return getattr(value, "__dict__", {}).get("_cotrace_id", 0) if isinstance(value, F) else 0


def shown(value, longest):
    """(text, shared, trace object): one value as a learner reads it."""
    try:
        text = _shown.repr(value)
    except Exception as error:  # a repr that fails is the program's bug, not ours
        text = f"<repr failed: {type(error).__name__}>"
    if len(text) > longest:
        text = text[:longest - 3] + "..."
    return text, _number(value), _trace_object(value)


def variables(namespace, module_level, longest):
    """[(name, text, shared, trace object)] of a frame's locals, or of a module's globals (its data only)."""
    return [(name,) + shown(value, longest) for name, value in list(namespace.items())
            if not (name.startswith(".") or (module_level and (name.startswith("__") or isinstance(value, _CODE))))]
