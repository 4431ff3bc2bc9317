"""cotrace's observer of CPython's own asyncio: the oracle's hooks (tools/oracle/asyncio_oracle.py), reporting
to cotrace's C++ Recorder through the built-in module _cotrace instead of printing a log.

It puts the pure-Python Task and Future in place of the C-accelerated ones (which hide the step), and a
loop on a virtual clock, then reports each transition in the order CPython makes it: the loop's rounds,
polls, call_soon, call_later, timers, runs; Task.__step's send or throw and how it ended; futures made,
done callbacks added, results, exceptions, cancellations; and prints. The frames (coroutines,
generators, __await__ iterators) are followed in C, by the profile hook (python_frames.cpp).
"""
import importlib._bootstrap_external as _external, importlib.util as _import_util, os as _os, _cotrace

# ---- the texts a trace embeds: each module's as it is imported (asyncio's too: this runs before asyncio is
# imported), and only those the trace may embed (the program's folder, asyncio's, --embed's).
_cotrace.embed_folders(_os.path.join(_os.path.dirname(_os.__file__), "asyncio"))
_get_code = _external.SourceLoader.get_code


def _get_code_keeping_source(self, fullname):
    path = self.get_filename(fullname)
    if _cotrace.embeds(path):
        try:
            _cotrace.keep_source(path, _import_util.decode_source(self.get_data(path)))
        except (OSError, SyntaxError, UnicodeDecodeError):
            pass  # get_code says what is wrong, as CPython would
    return _get_code(self, fullname)


_external.SourceLoader.get_code = _get_code_keeping_source

import asyncio, asyncio.base_events as base_events, asyncio.events as events, asyncio.selector_events as selector_events
import asyncio.futures as futures, asyncio.tasks as tasks, builtins, collections, functools, re, selectors, signal, sys
import threading, time as _time, datetime as _datetime, types, logging, os, socket
import _cotrace

# Only the main thread is recorded: the profile hook follows its frames, and its loop's events come in
# order. Every observer below lets other threads' calls through to asyncio's own code, unrecorded.
get_ident = threading.get_ident
_MAIN_THREAD = get_ident()

F = futures._PyFuture
asyncio.Future = futures.Future = F
asyncio.Task = tasks.Task = tasks._PyTask
_cotrace.future_await_code(F.__await__.__code__)  # its frames are told by their code, not their name
REAL_CLOCK = _cotrace.real_clock()
_real_print = builtins.print
asyncio_logger = logging.getLogger("asyncio")
_addresses = re.compile(r" at 0x[0-9a-fA-F]+")


def value_repr(value):
    """repr(), as the C++ runtime writes it: futures and tasks briefly, and no memory addresses."""
    if isinstance(value, F):
        state = value._state.lower()
        if isinstance(value, tasks._PyTask):
            return f"<Task {state} name='{value.get_name()}'>"
        return f"<Future {state}>"
    try:
        return _addresses.sub("", repr(value))
    except Exception as error:  # a repr that fails is a program's bug, not ours
        return f"<repr failed: {type(error).__name__}>"


# ---- objects: each future and task once, named as the oracle names them

def future_id(future):
    """The trace's object for a future or task, made (with its creation events) at first sight."""
    known = future.__dict__.get("_cotrace_id")
    if known is not None:
        return known
    if isinstance(future, tasks._PyTask):
        # Seen first here (CPython makes a coroutine without running a line of it): it was made at the
        # program's line that makes the task, which is where its coroutine_created event points.
        frame = _cotrace.frame_of(future._coro, True)
        future._cotrace_id = _cotrace.new_object("task", future.get_name(), frame)
        _cotrace.emit("task_created", future._cotrace_id, frame, "", 0.0, True)
    else:
        kind = "gathering" if isinstance(future, _GatheringFuture) else "future"
        future._cotrace_id = _cotrace.new_object(kind, "", 0)
        _cotrace.emit("future_created", future._cotrace_id, 0, "", 0.0, True)
    return future._cotrace_id


def name(obj):
    if obj is None:
        return "None"
    if isinstance(obj, tasks._PyTask):
        future_id(obj)
        return obj.get_name()
    if isinstance(obj, F):
        return _cotrace.mention(future_id(obj))  # futN, in order of first mention, as the oracle numbers them
    return repr(obj)


def callback_name(cb):
    if isinstance(cb, functools.partial):
        return callback_name(cb.func)
    owner, func = getattr(cb, "__self__", None), getattr(cb, "__func__", None)
    if owner is not None and func is not None:
        method = func.__name__.replace("_Task__", "").lstrip("_")
        if isinstance(owner, asyncio.AbstractEventLoop):
            return f"loop.{method}"
        return f"{name(owner)}.{method}"
    fn = getattr(cb, "__name__", None) or repr(cb)
    if fn == "_done_callback" and "gather" in getattr(cb, "__qualname__", ""):
        return "gather.done_callback"
    return fn.lstrip("_")


# ---- Task.__step: what went in, what came out

_step = tasks._PyTask._Task__step


_STEP_CODE = _step.__code__  # asyncio's own Task.__step: where the step's code really is, in tasks.py


def step(self, exc=None):
    if get_ident() != _MAIN_THREAD:  # a loop of another thread's: not recorded (docs/own-programs.md)
        return _step(self, exc)
    task = future_id(self)
    _cotrace.emit_at("step_begin", task, 0, "" if exc is None else value_repr(exc), 0.0,
                     _STEP_CODE.co_filename, _STEP_CODE.co_firstlineno)
    frame = _cotrace.frame_of(self._coro)
    # A coroutine that ended behind its task's back (closed by hand) has no frame: send and throw raise at
    # once, and only the step's end is recorded.
    if frame and exc is None:
        _cotrace.emit("send", frame, task, "None", 0.0, False)
    elif frame:
        _cotrace.emit("throw", frame, task, value_repr(exc), 0.0, False)
    _cotrace.stepping(task, frame)
    try:
        _step(self, exc)
    except BaseException as escaping:
        # SystemExit and KeyboardInterrupt pass out of Task.__step (after set_exception) and out of the loop;
        # number 1 says so (the oracle's log has no line for a step that does not return).
        _cotrace.stepping(0, 0)
        _cotrace.emit("step_raise", task, 0, value_repr(escaping), 1.0, False)
        raise
    finally:
        _cotrace.stepping(0, 0)
    if self.done():
        if self.cancelled():
            _cotrace.emit("step_cancelled", task, 0, "", 0.0, False)
        elif self.exception() is not None:
            _cotrace.emit("step_raise", task, 0, value_repr(self.exception()), 0.0, False)
        else:
            _cotrace.emit("step_return", task, 0, value_repr(self.result()), 0.0, False)
    else:
        waiter = self._fut_waiter
        _cotrace.emit("step_yield", task, 0 if waiter is None else future_id(waiter),
                      "None" if waiter is None else value_repr(waiter), 0.0, False)


tasks._PyTask._Task__step = step
_wakeup = tasks._PyTask._Task__wakeup

_set_name = tasks._PyTask.set_name


def set_name(self, value):
    # asyncio.create_task(coro, name=...) names the task after it was made (and scheduled).
    _set_name(self, value)
    if "_cotrace_id" in self.__dict__ and get_ident() == _MAIN_THREAD:
        _cotrace.rename(self._cotrace_id, self.get_name())


tasks._PyTask.set_name = set_name


# ---- Future

class _GatheringFuture(F):
    """gather()'s outer future, rebuilt on the pure-Python Future so that it is observed too."""
    def __init__(self, children, *, loop):
        super().__init__(loop=loop)
        self._children = children
        self._cancel_requested = False

    def cancel(self, msg=None):
        if self.done():
            return False
        cancelled = False
        for child in self._children:
            if child.cancel(msg=msg):
                cancelled = True
        if cancelled:
            self._cancel_requested = True
        return cancelled


tasks._GatheringFuture = _GatheringFuture

_future_init = F.__init__


def future_init(self, *args, **kwargs):
    _future_init(self, *args, **kwargs)
    if not isinstance(self, tasks._PyTask) and get_ident() == _MAIN_THREAD:  # a task is made known once it has its name and coroutine
        future_id(self)


F.__init__ = future_init


def _wrap(method, report):
    original = getattr(F, method)

    def wrapper(self, *args, **kwargs):
        if get_ident() == _MAIN_THREAD:
            report(self, *args)
        return original(self, *args, **kwargs)
    setattr(F, method, wrapper)


_wrap("add_done_callback", lambda self, fn, *a: _cotrace.emit(
    "add_done_callback", future_id(self), 0, callback_name(fn), 0.0, False))
_wrap("set_result", lambda self, result: _cotrace.emit(
    "set_result", future_id(self), 0, value_repr(result), 0.0, False))
_wrap("set_exception", lambda self, exc: _cotrace.emit(
    "set_exception", future_id(self), 0, value_repr(exc() if isinstance(exc, type) else exc), 0.0, False))
_cancel = F.cancel


def cancel(self, msg=None):
    if not self.done() and get_ident() == _MAIN_THREAD:
        # The step log shows plain futures' cancellations only; the trace has every one.
        _cotrace.emit("cancel", future_id(self), 0, "", 0.0, False)
    return _cancel(self, msg=msg)


F.cancel = cancel


# ---- the loop: virtual time, and its scheduling transitions

class Clock:
    now = 0.0

    @classmethod
    def advance(cls, seconds):
        cls.now += seconds
        _cotrace.set_time(cls.now)


def _describe(fileobj, fd):
    """What a file descriptor is, as a learner would name it: a socket by its addresses, else its number."""
    try:
        sock = socket.socket(fileno=os.dup(fd))  # asyncio registers sockets by number: look through a copy
    except OSError:
        return f"file descriptor {fd}"
    try:
        local = "%s:%s" % sock.getsockname()[:2]
        try:
            return f"socket {local} <-> " + "%s:%s" % sock.getpeername()[:2]
        except OSError:
            return f"listening socket {local}"
    except (OSError, TypeError):
        return f"file descriptor {fd}"
    finally:
        sock.close()


class _ObservedSelector(selectors.DefaultSelector):
    """The loop's selector: each file descriptor it watches is pending I/O in the trace (io_start, io_done),
    and each select() says how long it really waited and how many were ready (poll_done)."""
    def __init__(self):
        super().__init__()
        self._cotrace_quiet = True  # the loop's own self-pipe, registered while the loop is made, is not shown
        self._cotrace_watches = {}  # fd -> object id

    def _watch(self, key):
        if self._cotrace_quiet or get_ident() != _MAIN_THREAD:
            return
        mode = " and ".join(m for m, flag in (("reading", selectors.EVENT_READ), ("writing", selectors.EVENT_WRITE))
                            if key.events & flag)
        what = _describe(key.fileobj, key.fd)
        watch = _cotrace.new_object("future", what, 0)
        self._cotrace_watches[key.fd] = watch
        _cotrace.emit("io_start", watch, 0, f"watched for {mode}", 0.0, False)

    def _unwatch(self, fd):
        if get_ident() != _MAIN_THREAD:
            return
        watch = self._cotrace_watches.pop(fd, None)
        if watch is not None:
            _cotrace.emit("io_done", watch, 0, "watched no more", 0.0, False)

    def register(self, fileobj, events, data=None):
        key = super().register(fileobj, events, data)
        self._watch(key)
        return key

    def unregister(self, fileobj):
        key = super().unregister(fileobj)
        self._unwatch(key.fd)
        return key

    def modify(self, fileobj, events, data=None):
        old = self.get_key(fileobj)
        key = super().modify(fileobj, events, data)
        if key.events != old.events:
            self._unwatch(key.fd)
            self._watch(key)
        return key

    def select(self, timeout=None):
        if get_ident() != _MAIN_THREAD:
            return super().select(timeout)
        _cotrace.emit("poll", 0, 0, "", -1.0 if timeout is None else float(timeout), False)
        started = _real_monotonic()
        if REAL_CLOCK or timeout is None:
            # None: nothing is ready and no timer is set, but a thread or a socket is still at work (see
            # _run_once): wait, really, for it.
            ready = super().select(timeout)
        else:
            if timeout > 0:
                Clock.advance(timeout)
            ready = super().select(0)
        if self._cotrace_watches:
            count = sum(1 for key, _ in ready if key.fd in self._cotrace_watches)
            _cotrace.emit("poll_done", 0, 0, f"{count} ready", _real_monotonic() - started, False)
        return ready


def threads_at_work(loop):
    """Jobs that run_in_executor handed to the loop's default executor and that have not finished."""
    executor = loop._default_executor
    if executor is None:
        return False
    return executor._work_queue.qsize() > 0 or len(executor._threads) > executor._idle_semaphore._value


def runs_task(callback):
    """Which task's step or wakeup a callback is (asyncio's own methods, told by identity), as (role, task id)."""
    task, function = getattr(callback, "__self__", None), getattr(callback, "__func__", None)
    if isinstance(task, tasks._PyTask) and get_ident() == _MAIN_THREAD:
        if function is step:
            return "step", future_id(task)
        if function is _wakeup:
            return "wakeup", future_id(task)
    return "", 0


_handles = {}  # id(handle) -> (handle, object id): Handle has __slots__, so no attribute of ours
def register(kind, callback, event, text, number, handle):
    """Records a handle or timer (a new object, and the event that schedules it) before it is queued, so that
    whatever pops it finds it known."""
    role, task = runs_task(callback)
    recorded = _cotrace.new_object(kind, callback_name(callback), task, role)
    _cotrace.emit(event, recorded, 0, text, number, False)
    _handles[id(handle)] = (handle, recorded)
    return handle


def handle_id(handle):
    known = _handles.get(id(handle))
    return known[1] if known is not None and known[0] is handle else 0


# The loop is observed through asyncio's own classes, not a subclass of ours: a program's own
# SelectorEventLoop(), a loop subclass, or an event loop policy of its own runs as CPython runs it, and a
# subclass still sees its own class.
BaseLoop = base_events.BaseEventLoop
SelectorLoop = selector_events.BaseSelectorEventLoop
_loop_init = BaseLoop.__init__
_selector_loop_init = SelectorLoop.__init__
_call_soon = BaseLoop.call_soon
_call_soon_threadsafe = BaseLoop.call_soon_threadsafe
_call_at = BaseLoop.call_at
_run_once = BaseLoop._run_once
_run_forever = BaseLoop.run_forever
_run_in_executor = BaseLoop.run_in_executor
_add_callback = BaseLoop._add_callback
_process_events = SelectorLoop._process_events


def loop_init(self, *args, **kwargs):
    _loop_init(self, *args, **kwargs)
    self._clock_resolution = 1e-9
    self._cotrace_round = 0
    # Handles that other threads hand to the loop (call_soon_threadsafe): the loop's own thread records and
    # queues them, in order, when it next looks at its ready queue. A deque's append and popleft are atomic.
    self._cotrace_from_threads = collections.deque()


def selector_loop_init(self, selector=None):
    observed = selector is None
    _selector_loop_init(self, _ObservedSelector() if observed else selector)
    if observed:
        self._selector._cotrace_quiet = False  # the loop's self-pipe, registered while it was made, is not shown


def time_now(self):
    return Clock.now if get_ident() == _MAIN_THREAD and not REAL_CLOCK else _real_monotonic()


def call_soon(self, callback, *args, context=None):
    if get_ident() != _MAIN_THREAD:
        if self._thread_id == _MAIN_THREAD:  # handing work to the recorded loop from another thread
            return call_soon_threadsafe(self, callback, *args, context=context)
        return _call_soon(self, callback, *args, context=context)
    return register("handle", callback, "call_soon", "", 0.0, _call_soon(self, callback, *args, context=context))


def call_soon_threadsafe(self, callback, *args, context=None):
    if get_ident() == _MAIN_THREAD:
        handle = register("handle", callback, "call_soon", "call_soon_threadsafe", 0.0,
                          _call_soon(self, callback, *args, context=context))
        self._write_to_self()
        return handle
    # From another thread (an executor's job handing back its result, run_coroutine_threadsafe): made here,
    # recorded and queued by the loop's thread. A loop that runs in another thread is not recorded.
    if self._thread_id is not None and self._thread_id != _MAIN_THREAD:
        return _call_soon_threadsafe(self, callback, *args, context=context)
    self._check_closed()
    handle = events.Handle(callback, args, self, context)
    self._cotrace_from_threads.append(handle)
    self._write_to_self()
    return handle


def take_from_threads(loop):
    incoming = loop._cotrace_from_threads
    while incoming:
        handle = incoming.popleft()
        loop._ready.append(register("handle", handle._callback, "call_soon", "call_soon_threadsafe from another thread", 0.0, handle))


def add_callback(self, handle):
    # A reader or writer whose file descriptor the selector found ready (a socket, the loop's self-pipe).
    if not handle._cancelled and get_ident() == _MAIN_THREAD:
        register("handle", handle._callback, "call_soon", "_add_callback", 0.0, handle)
    return _add_callback(self, handle)


def process_events(self, event_list):
    if get_ident() == _MAIN_THREAD:
        take_from_threads(self)
    return _process_events(self, event_list)


def call_later(self, delay, callback, *args, context=None):
    if get_ident() != _MAIN_THREAD:
        return _call_at(self, self.time() + delay, callback, *args, context=context)
    return register("timer", callback, "call_later", "", float(delay),
                    _call_at(self, self.time() + delay, callback, *args, context=context))


def call_at(self, when, callback, *args, context=None):
    # Recorded as a call_later that says "call_at": the oracle logs call_later only (asyncio.timeout() uses call_at).
    if get_ident() != _MAIN_THREAD:
        return _call_at(self, when, callback, *args, context=context)
    return register("timer", callback, "call_later", "call_at", float(when - self.time()),
                    _call_at(self, when, callback, *args, context=context))


def run_in_executor(self, executor, func, *args):
    if get_ident() == _MAIN_THREAD:
        _cotrace.note_threads()
    return _run_in_executor(self, executor, func, *args)


def run_once(self):
    if get_ident() != _MAIN_THREAD:
        return _run_once(self)
    take_from_threads(self)
    # Threads first: a job that finished before this look has already handed its result to the loop.
    busy = threads_at_work(self) or len(self._selector.get_map()) > 1  # a socket besides the self-pipe
    if not self._ready and not self._scheduled and not busy:
        # A real run_forever would wait here for ever: the recording ends the loop.
        _cotrace.emit("idle", 0, 0, "", 0.0, False)
        self._stopping = True
        return
    self._cotrace_round += 1
    _cotrace.emit("loop_iteration", 0, 0, "", float(self._cotrace_round), False)
    # asyncio rebuilds the heap without its cancelled timers when they are many: those leave it unrun.
    if (len(self._scheduled) > base_events._MIN_SCHEDULED_TIMER_HANDLES and
            self._timer_cancelled_count / len(self._scheduled) > base_events._MIN_CANCELLED_TIMER_HANDLES_FRACTION):
        for handle in self._scheduled:
            if handle._cancelled:
                _cotrace.emit("timer_discarded", handle_id(handle), 0, "", 0.0, False)
    _run_once(self)


def run_forever(self):
    if get_ident() != _MAIN_THREAD:
        return _run_forever(self)
    _cotrace.emit("loop_start", 0, 0, "", 0.0, True)
    try:
        _run_forever(self)
    finally:
        self._stopping = False
        _cotrace.emit("loop_stop", 0, 0, "", 0.0, False)


BaseLoop.__init__ = loop_init
SelectorLoop.__init__ = selector_loop_init
BaseLoop.time = time_now
BaseLoop.call_soon = call_soon
BaseLoop.call_soon_threadsafe = call_soon_threadsafe
BaseLoop._add_callback = add_callback
SelectorLoop._process_events = process_events
BaseLoop.call_later = call_later
BaseLoop.call_at = call_at
BaseLoop.run_in_executor = run_in_executor
BaseLoop._run_once = run_once
BaseLoop.run_forever = run_forever


_heappop = base_events.heapq.heappop


def _observed_heappop(heap):
    handle = _heappop(heap)
    if isinstance(handle, events.TimerHandle) and get_ident() == _MAIN_THREAD:
        _cotrace.emit("timer_discarded" if handle._cancelled else "timer_ready", handle_id(handle), 0, "", 0.0, False)
    return handle


base_events.heapq.heappop = _observed_heappop

_run = events.Handle._run


def run(self):
    if get_ident() != _MAIN_THREAD:
        return _run(self)
    handle = handle_id(self)
    # A task renamed after it was scheduled runs under its new name ("w0.step"), as the oracle logs it.
    now_named = callback_name(self._callback)
    _cotrace.emit("run", handle, 0, "" if now_named == _cotrace.name(handle) else now_named, 0.0, False)
    try:
        return _run(self)
    finally:
        _handles.pop(id(self), None)
        if not REAL_CLOCK:
            Clock.advance(oracle.COST)
        _cotrace.emit("run_end", handle, 0, "", 0.0, False)


events.Handle._run = run

_handle_cancel = events.Handle.cancel


def handle_cancel(self):
    if not self._cancelled and handle_id(self) and get_ident() == _MAIN_THREAD:
        _cotrace.emit("handle_cancel", handle_id(self), 0, "", 0.0, False)
    return _handle_cancel(self)


events.Handle.cancel = handle_cancel  # TimerHandle.cancel calls it too


# ---- the virtual clock for the program: time.sleep blocks the loop, and clocks read virtual time

def blocking_sleep(seconds):
    """time.sleep(seconds) on the virtual clock: the whole loop is stuck, and virtual time moves on."""
    _cotrace.emit("clock_advance", 0, 0, "", float(seconds), True)
    Clock.advance(seconds)


class _VirtualDatetime(_datetime.datetime):
    @classmethod
    def now(cls, tz=None):
        return cls.fromtimestamp(Clock.now, tz)

    @classmethod
    def today(cls):
        return cls.now()


_real_monotonic = _time.monotonic
if not REAL_CLOCK:
    _time.sleep = blocking_sleep
    _time.time = _time.monotonic = _time.perf_counter = lambda: Clock.now
    _datetime.datetime = _VirtualDatetime


def tprint(*args, sep=" ", end="\n", file=None, flush=False):
    # Every print() is a print event, wherever it writes (the oracle logs them all: a traceback that
    # logging formats into a string is printed line by line); the text goes where it was going.
    text = (" " if sep is None else sep).join(str(a) for a in args)
    text = text.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate is no UTF-8: "?" as Python writes it
    for line in text.splitlines() or [""]:
        _cotrace.emit("print", 0, 0, line, 0.0, True)
    if file not in (None, sys.stdout):
        return _real_print(*args, sep=sep, end=end, file=file, flush=flush)
    if _cotrace.echo():
        _cotrace.write_output(text + ("\n" if end is None else end))


builtins.print = tprint
def _input(prompt=""):
    """A recording has no one to type: input() reads end-of-file, as it would from an empty file."""
    if prompt:
        tprint(prompt)
    raise EOFError("EOF when reading a line")


builtins.input = _input

# Programs written for the oracle run unchanged: `import asyncio_oracle`, blocking_sleep, COST.
oracle = types.ModuleType("asyncio_oracle")
oracle.COST = 0.0
oracle.blocking_sleep = blocking_sleep
sys.modules["asyncio_oracle"] = oracle


# ---- a coroutine that is never awaited: CPython warns as it is collected, which reference counting does at
# once, where it was dropped. The trace records the coroutine there, so that a warning can point at it.
import warnings as _warnings
_warn_unawaited = _warnings._warn_unawaited_coroutine


def _unawaited_coroutine(coro):
    try:
        _cotrace.frame_of(coro, True)
    except Exception:
        pass
    if coro.cr_origin is not None:
        return _warn_unawaited(coro)
    # As warnings._warn_unawaited_coroutine warns, from here: stacklevel 2 is the program's line, not ours.
    _warnings.warn(f"coroutine '{coro.__qualname__}' was never awaited", category=RuntimeWarning, stacklevel=2, source=coro)


_warnings._warn_unawaited_coroutine = _unawaited_coroutine


# ---- how a program ends: signals, os._exit, fork, and a program that turns the recorder off

def _interrupted(signum, frame):
    """SIGINT, SIGTERM or SIGHUP: the recording stops the program at once, even one that never awaits, and keeps
    the trace so far (cotrace exits 128 + the signal's number)."""
    _cotrace.interrupted(signum)


for _signal in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(_signal, _interrupted)

_os_exit = os._exit


def _exit_now(status):
    """os._exit(status): the trace is written up to here, and cotrace exits with the same status at once."""
    _cotrace.exit_now(int(status))  # does not return
    _os_exit(status)


os._exit = _exit_now
# A forked child runs on, as under CPython, but records nothing and writes no trace and no log.
os.register_at_fork(after_in_child=_cotrace.forked)


def _guard_hook(name):
    original = getattr(sys, name)

    def guarded(function, *args):
        if get_ident() != _MAIN_THREAD:
            return original(function, *args)
        # Raises: the recorder follows frames through this hook, and cannot go on without it.
        _cotrace.hook_removed(f"sys.{name}({'None' if function is None else getattr(function, '__qualname__', 'a function')})")
    setattr(sys, name, guarded)


# sys.setprofile() and sys.settrace() on the recorded thread would replace the recorder's own hooks (turn
# them off, or put a profiler of the program's in their place): the recording stops there, and says where.
_guard_hook("setprofile")
_guard_hook("settrace")
