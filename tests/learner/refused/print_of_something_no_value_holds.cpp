// refused: print() takes values a Value can hold
// print() takes what Python's print would show; a C++ container of ints is not one of them (a List is).
#include <vector>

#include "runtime/asyncio.h"

using namespace asyncio;

void program() { print("values:", std::vector<int>{1, 2, 3}); }
