#include "function_names.h"

#include <cxxabi.h>
#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace asyncio {

namespace {

std::string demangled(const char* symbol) {
    int status = 0;
    std::unique_ptr<char, decltype(&std::free)> text(abi::__cxa_demangle(symbol, nullptr, nullptr, &status), &std::free);
    return status == 0 && text ? std::string(text.get()) : std::string(symbol);
}

// "walkthroughs::x::(anonymous namespace)::inner(std::shared_ptr<asyncio::Future> const&)" -> "inner".
std::string bare(const std::string& name) {
    int depth = 0;
    size_t end = name.size();
    for (size_t i = 0; i < name.size(); ++i) {
        char c = name[i];
        if (c == '<') ++depth;
        else if (c == '>') --depth;
        else if (c == '(' && depth == 0 && i > 0 && name.compare(i, 20, "(anonymous namespace") != 0) {
            end = i;
            break;
        }
    }
    std::string qualified = name.substr(0, end);
    depth = 0;
    for (size_t i = qualified.size(); i-- > 1;) {
        char c = qualified[i];
        if (c == '>' || c == ')') ++depth;
        else if (c == '<' || c == '(') --depth;
        else if (depth == 0 && c == ':' && qualified[i - 1] == ':') return qualified.substr(i + 1);
    }
    return qualified;
}

// The main program's functions, from its own ELF symbol table (which, unlike the dynamic one, lists
// every function that was not stripped): offset from the load address -> mangled name.
class SymbolTable {
public:
    SymbolTable() {
        dl_iterate_phdr(
            [](dl_phdr_info* info, size_t, void* self) {
                static_cast<SymbolTable*>(self)->base_ = info->dlpi_addr;  // the first object is the program
                return 1;
            },
            this);
        int fd = ::open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
        if (fd < 0) return;
        Elf64_Ehdr header;
        if (::pread(fd, &header, sizeof header, 0) == sizeof header && std::memcmp(header.e_ident, ELFMAG, SELFMAG) == 0 &&
            header.e_ident[EI_CLASS] == ELFCLASS64 && header.e_shentsize == sizeof(Elf64_Shdr)) {
            std::vector<Elf64_Shdr> sections(header.e_shnum);
            auto bytes = static_cast<ssize_t>(sections.size() * sizeof(Elf64_Shdr));
            if (::pread(fd, sections.data(), static_cast<size_t>(bytes), static_cast<off_t>(header.e_shoff)) == bytes)
                for (const auto& section : sections)
                    if (section.sh_type == SHT_SYMTAB && section.sh_link < sections.size()) read(fd, section, sections[section.sh_link]);
        }
        ::close(fd);
    }

    std::string name_of(const void* address) const {
        auto it = functions_.find(reinterpret_cast<std::uintptr_t>(address) - base_);
        return it == functions_.end() ? std::string() : it->second;
    }

private:
    std::uintptr_t base_ = 0;
    std::map<std::uintptr_t, std::string> functions_;

    void read(int fd, const Elf64_Shdr& symbols, const Elf64_Shdr& strings) {
        std::vector<Elf64_Sym> entries(symbols.sh_size / sizeof(Elf64_Sym));
        std::string names(strings.sh_size, '\0');
        auto entry_bytes = static_cast<ssize_t>(entries.size() * sizeof(Elf64_Sym));
        if (::pread(fd, entries.data(), static_cast<size_t>(entry_bytes), static_cast<off_t>(symbols.sh_offset)) != entry_bytes) return;
        if (::pread(fd, names.data(), names.size(), static_cast<off_t>(strings.sh_offset)) != static_cast<ssize_t>(names.size())) return;
        for (const auto& symbol : entries)
            if (ELF64_ST_TYPE(symbol.st_info) == STT_FUNC && symbol.st_value != 0 && symbol.st_name < names.size())
                functions_.emplace(symbol.st_value, names.c_str() + symbol.st_name);
    }
};

}  // namespace

std::string function_name(const void* address) {
    static std::mutex mutex;
    static std::map<const void*, std::string> known;
    std::lock_guard lock(mutex);
    if (auto it = known.find(address); it != known.end()) return it->second;
    std::string name;
    Dl_info info;
    if (dladdr(address, &info) && info.dli_sname && info.dli_saddr == address) name = info.dli_sname;
    if (name.empty()) {
        static const SymbolTable program;
        name = program.name_of(address);
    }
    if (!name.empty()) name = bare(demangled(name.c_str()));
    return known[address] = name;
}

std::string callable_type_name(const std::type_info& type) {
    std::string name = demangled(type.name());
    if (name.find("{lambda(") != std::string::npos || name.find("<lambda") != std::string::npos) return "<lambda>";
    return bare(name);
}

}  // namespace asyncio
