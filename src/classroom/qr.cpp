#include "qr.h"

#include <qrencode.h>

namespace cotrace::classroom {

QrCode qr_code(const std::string& text) {
    QrCode code;
    QRcode* made = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!made) return code;
    code.size = made->width;
    code.dark.resize(static_cast<size_t>(made->width * made->width));
    for (int i = 0; i < made->width * made->width; ++i) code.dark[static_cast<size_t>(i)] = made->data[i] & 1;
    QRcode_free(made);
    return code;
}

}  // namespace cotrace::classroom
