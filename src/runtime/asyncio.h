// The runtime's public header: everything a program written against cotrace's asyncio needs.
// Names follow Python's asyncio, so each piece can be read beside Lib/asyncio:
//   Coroutine<T>, yield_()        coroutine objects, send/throw_/close, and the one yield primitive
//   Future, Task                  futures.py, tasks.py
//   EventLoop, get_running_loop   base_events.py (on libuv)
//   sleep, gather                 tasks.py
//   print                         what the program prints (recorded in the trace)
#pragma once

#include "coroutine.h"
#include "event_loop.h"
#include "exceptions.h"
#include "future.h"
#include "gather.h"
#include "print.h"
#include "sleep.h"
#include "task.h"
#include "value.h"
