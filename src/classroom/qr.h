// The join address as a QR code (libqrencode): its modules, dark or light, row by row; the projector
// draws them and the terminal prints them.
#pragma once

#include <string>
#include <vector>

namespace cotrace::classroom {

struct QrCode {
    int size = 0;              // modules a side (without the quiet zone the standard asks around it: 4)
    std::vector<bool> dark;    // size * size, row by row
    bool at(int x, int y) const { return x >= 0 && y >= 0 && x < size && y < size && dark[static_cast<size_t>(y * size + x)]; }
};
// Error correction M (15% of the code may be lost: a projector's glare); empty when it cannot be made.
QrCode qr_code(const std::string& text);

}  // namespace cotrace::classroom
